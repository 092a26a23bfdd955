import type { CommandDecl } from '../../kernel/command.ts';

/** The user commands, each declared in its own file beside this one. */
export const userCommands: CommandDecl[] = [];
