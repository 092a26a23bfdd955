import type { CommandDecl } from '../kernel/command.ts';
import { queryAsyncJobResult } from './commands/query-async-job-result.ts';

export const operationsCommands: CommandDecl[] = [queryAsyncJobResult];
