import type { CommandDecl } from '../../kernel/command.ts';

/** The domain commands, each declared in its own file beside this one. */
export const domainCommands: CommandDecl[] = [];
