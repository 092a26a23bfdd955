import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tags on resources of any domain; a tag belongs to the account and domain that own its resource. */
export interface TagsTables {
  resource_tag: {
    id: string;
    key: string;
    value: string;
    /** CloudStack's resource object type, as registered (`UserVm`, `Volume`...). */
    resource_type: string;
    resource_id: string;
    account_id: string;
    domain_id: string;
    customer: string | null;
    created: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('resource_tag')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('key', 'varchar(255)', (c) => c.notNull())
    .addColumn('value', 'varchar(255)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('customer', 'varchar(255)')
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('resource_tag_key', ['resource_type', 'resource_id', 'key'])
    .execute();
  await db.schema.createIndex('resource_tag_account').on('resource_tag').column('account_id').execute();
  await db.schema.createIndex('resource_tag_key_value').on('resource_tag').columns(['resource_type', 'key', 'value']).execute();
}

export const tagsMigrations: Record<string, Migration> = { '0010_tags': { up } };
