import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CommandDecl } from './command.ts';
import type { Restorer } from './jobs.ts';
import type { Kernel } from './kernel.ts';
import type { SettingDecl } from './settings-store.ts';

/** What a domain contributes to the server; `commands.ts` lists every domain's module. */
export interface DomainModule {
  name: string;
  commands: CommandDecl[];
  settings?: SettingDecl[];
  /** How a failed or interrupted job returns this domain's resources it left in a transitional state. */
  restorers?: Record<string, Restorer>;
  /** Fills an empty database with what this domain starts with (built-in offerings, OS types...); idempotent. */
  bootstrap?(db: Kysely<Database>): Promise<void>;
  /** Starts background work (expunger, pings); returns how to stop it. */
  start?(kernel: Kernel): Promise<() => Promise<void>>;
}
