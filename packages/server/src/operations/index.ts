import type { CommandDecl } from '../kernel/command.ts';

export const operationsCommands: CommandDecl[] = [];
