import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DbCapabilities } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from './directory.ts';
import type { JobRunner } from './jobs.ts';
import type { CommandRegistry } from './registry.ts';
import type { Sessions } from './sessions.ts';
import type { Settings } from './settings-store.ts';

/** The kernel's services, built once at start-up and passed to the dispatcher. */
export interface Kernel {
  db: Kysely<Database>;
  capabilities: DbCapabilities;
  log: Logger;
  settings: Settings;
  registry: CommandRegistry;
  directory: Directory;
  sessions: Sessions;
  jobs: JobRunner;
  serverId: string;
}
