import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Resource limits and counts. A limit row exists only where an admin set one (the defaults are settings); a count
 * row per owner and resource type appears on the first reservation. Owners are accounts and domains: a domain's
 * count is the sum over its whole subtree, kept up to date by every reservation.
 */
export interface LimitsTables {
  resource_limit: {
    owner_type: 'account' | 'domain';
    owner_id: string;
    resource_type: number;
    /** -1 for unlimited; GiB for the storage types, MiB for memory, as CloudStack's API takes them. */
    max: number;
  };
  resource_count: {
    owner_type: 'account' | 'domain';
    owner_id: string;
    resource_type: number;
    /** Bytes for the storage types, MiB for memory. */
    count: number;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('resource_limit')
    .addColumn('owner_type', 'varchar(8)', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('resource_type', 'integer', (c) => c.notNull())
    .addColumn('max', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_limit_pk', ['owner_type', 'owner_id', 'resource_type'])
    .execute();
  await db.schema
    .createTable('resource_count')
    .addColumn('owner_type', 'varchar(8)', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('resource_type', 'integer', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_count_pk', ['owner_type', 'owner_id', 'resource_type'])
    .execute();
}

export const limitsMigrations: Record<string, Migration> = { '0011_limits': { up } };
