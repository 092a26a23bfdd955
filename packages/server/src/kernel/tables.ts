import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables the kernel owns: async jobs, the resources they hold, sessions, events and setting values. */
export interface KernelTables {
  async_job: {
    id: string;
    command: string;
    params: string;
    user_id: string;
    account_id: string;
    domain_id: string;
    /** 0 pending, 1 succeeded, 2 failed: CloudStack's `jobstatus`. */
    status: number;
    result_code: number;
    result_type: string | null;
    result: string | null;
    progress: number;
    instance_type: string | null;
    instance_id: string | null;
    server_id: string;
    heartbeat: string;
    created: string;
    completed: string | null;
  };
  job_resource: {
    job_id: string;
    resource_type: string;
    resource_id: string;
    restore_state: string;
  };
  session: {
    id: string;
    session_key: string;
    user_id: string;
    created: string;
    last_access: string;
  };
  event: {
    id: string;
    type: string;
    state: string;
    level: string;
    description: string;
    user_id: string;
    account_id: string;
    domain_id: string;
    resource_type: string | null;
    resource_id: string | null;
    start_id: string | null;
    archived: number;
    created: string;
  };
  configuration_value: {
    name: string;
    /** A `SettingScope`: `global`, `zone`, `cluster`, `storagepool`, `imagestore`, `domain` or `account`. */
    scope: string;
    /** The zone, cluster, domain or account id; empty for global. */
    scope_id: string;
    value: string;
    updated: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('async_job')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('command', 'varchar(255)', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('result_code', 'integer', (c) => c.notNull())
    .addColumn('result_type', 'varchar(32)')
    .addColumn('result', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('instance_type', 'varchar(64)')
    .addColumn('instance_id', 'varchar(36)')
    .addColumn('server_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('heartbeat', 'varchar(32)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addColumn('completed', 'varchar(32)')
    .execute();
  await db.schema.createIndex('async_job_status').on('async_job').columns(['status', 'server_id']).execute();
  await db.schema.createIndex('async_job_account').on('async_job').columns(['account_id', 'created']).execute();
  await db.schema
    .createTable('job_resource')
    .addColumn('job_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('restore_state', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_resource_pk', ['job_id', 'resource_type', 'resource_id'])
    .execute();
  await db.schema
    .createTable('session')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('session_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_access', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('event')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(64)')
    .addColumn('resource_id', 'varchar(36)')
    .addColumn('start_id', 'varchar(36)')
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_account').on('event').columns(['account_id', 'created']).execute();
  await db.schema
    .createTable('configuration_value')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('configuration_value_pk', ['name', 'scope', 'scope_id'])
    .execute();
}

export const kernelMigrations: Record<string, Migration> = { '0001_kernel': { up } };
