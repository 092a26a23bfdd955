import type { CommandDecl } from '../../kernel/command.ts';

/** The account commands, each declared in its own file beside this one. */
export const accountCommands: CommandDecl[] = [];
