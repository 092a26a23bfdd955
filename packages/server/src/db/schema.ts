import type { KernelTables } from '../kernel/tables.ts';
import type { IdentityTables } from '../identity/tables.ts';

/** The whole database as Kysely sees it: each domain declares its own tables. */
export interface Database extends KernelTables, IdentityTables {}
