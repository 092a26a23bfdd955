import type { CommandDecl } from '../../kernel/command.ts';

/** The role commands, each declared in its own file beside this one. */
export const roleCommands: CommandDecl[] = [];
