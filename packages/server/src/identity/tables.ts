import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables the identity domain owns. Booleans are integers (0/1) so that SQLite and PostgreSQL read the same. */
export interface IdentityTables {
  domain: {
    id: string;
    name: string;
    /** `/` for ROOT, `/a/` and `/a/b/` below it: a subtree is a path prefix. */
    path: string;
    parent_id: string | null;
    level: number;
    /** `Active`, or `Inactive` while a delete is under way. */
    state: string;
    network_domain: string | null;
    created: string;
  };
  account: {
    id: string;
    name: string;
    domain_id: string;
    type: number;
    role_id: string;
    /** `enabled`, `disabled` or `locked`. */
    state: string;
    network_domain: string | null;
    is_default: number;
    created: string;
  };
  user: {
    id: string;
    username: string;
    account_id: string;
    password_hash: string;
    firstname: string;
    lastname: string;
    email: string | null;
    timezone: string | null;
    /** `enabled`, `disabled` or `locked`. */
    state: string;
    api_key: string | null;
    /** The secret key, encrypted with the server's data key: HMAC needs it in the clear, so it cannot be hashed. */
    secret_key: string | null;
    login_attempts: number;
    is_default: number;
    source: string;
    created: string;
  };
  role: {
    id: string;
    name: string;
    type: string;
    description: string;
    is_default: number;
    is_public: number;
    state: string;
    created: string;
  };
  role_permission: {
    id: string;
    role_id: string;
    rule: string;
    permission: string;
    description: string | null;
    sort_order: number;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('domain')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('path', 'varchar(4096)', (c) => c.notNull().unique())
    .addColumn('parent_id', 'varchar(36)', (c) => c.references('domain.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('network_domain', 'varchar(255)')
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('role')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'varchar(255)', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('role_permission')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('role.id').onDelete('cascade'))
    .addColumn('rule', 'varchar(255)', (c) => c.notNull())
    .addColumn('permission', 'varchar(8)', (c) => c.notNull())
    .addColumn('description', 'varchar(255)')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addUniqueConstraint('role_permission_rule', ['role_id', 'rule'])
    .execute();
  await db.schema
    .createTable('account')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull().references('domain.id'))
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('role.id'))
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('network_domain', 'varchar(255)')
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('account_domain_name', ['domain_id', 'name'])
    .execute();
  await db.schema
    .createTable('user')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(255)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('firstname', 'varchar(255)', (c) => c.notNull())
    .addColumn('lastname', 'varchar(255)', (c) => c.notNull())
    .addColumn('email', 'varchar(255)')
    .addColumn('timezone', 'varchar(64)')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('api_key', 'varchar(255)', (c) => c.unique())
    .addColumn('secret_key', 'varchar(512)')
    .addColumn('login_attempts', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_account').on('user').column('account_id').execute();
  await db.schema.createIndex('user_username').on('user').column('username').execute();
  await db.schema.createIndex('account_domain').on('account').column('domain_id').execute();
}

export const identityMigrations: Record<string, Migration> = { '0002_identity': { up } };
