import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Tables the images domain owns: OS types, templates and ISOs (one catalogue, `format` ISO for ISOs), where each is
 * downloaded (`template_zone`), who it is shared with, and which image stores serve which zone.
 */
export interface ImagesTables {
  os_category: {
    id: string;
    name: string;
    is_featured: number;
    sort_key: number;
    created: string;
  };
  os_type: {
    id: string;
    category_id: string;
    /** CloudStack's display name, `Ubuntu 22.04 LTS`: `listOsTypes` shows it as `description` and `name`. */
    description: string;
    is_user_defined: number;
    for_display: number;
  };
  template: {
    id: string;
    name: string;
    display_text: string;
    /** QCOW2, RAW, VHD, VHDX, OVA, VMDK, TAR, ISO... */
    format: string;
    /** Empty for ISOs. */
    hypervisor: string;
    url: string;
    checksum: string | null;
    os_type_id: string;
    account_id: string;
    domain_id: string;
    /** USER, BUILTIN, SYSTEM, ROUTING. */
    template_type: string;
    is_public: number;
    is_featured: number;
    is_extractable: number;
    password_enabled: number;
    sshkey_enabled: number;
    is_dynamically_scalable: number;
    requires_hvm: number;
    bootable: number;
    bits: number;
    arch: string;
    template_tag: string | null;
    /** Registered for every zone (`zoneid=-1`): zones that gain an image store later get it too. */
    cross_zones: number;
    direct_download: number;
    sort_key: number;
    created: string;
    removed: string | null;
  };
  template_zone: {
    template_id: string;
    zone_id: string;
    store_id: string | null;
    /** `Downloading`, `Ready` or `Error`. */
    state: string;
    download_percent: number;
    /** What `status` shows: `35% Downloaded`, `Download Complete`. */
    status: string;
    size: number | null;
    physical_size: number | null;
    created: string;
  };
  template_permission: {
    template_id: string;
    account_id: string;
  };
  /** Image stores the infrastructure domain told us about (`onImageStoreAdded`), so that `zoneid=-1` reaches them. */
  image_store_zone: {
    store_id: string;
    zone_id: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('os_category')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('is_featured', 'integer', (c) => c.notNull())
    .addColumn('sort_key', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('os_type')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('category_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('description', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('is_user_defined', 'integer', (c) => c.notNull())
    .addColumn('for_display', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('template')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('display_text', 'varchar(4096)', (c) => c.notNull())
    .addColumn('format', 'varchar(16)', (c) => c.notNull())
    .addColumn('hypervisor', 'varchar(32)', (c) => c.notNull())
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    .addColumn('checksum', 'varchar(255)')
    .addColumn('os_type_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('template_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('is_featured', 'integer', (c) => c.notNull())
    .addColumn('is_extractable', 'integer', (c) => c.notNull())
    .addColumn('password_enabled', 'integer', (c) => c.notNull())
    .addColumn('sshkey_enabled', 'integer', (c) => c.notNull())
    .addColumn('is_dynamically_scalable', 'integer', (c) => c.notNull())
    .addColumn('requires_hvm', 'integer', (c) => c.notNull())
    .addColumn('bootable', 'integer', (c) => c.notNull())
    .addColumn('bits', 'integer', (c) => c.notNull())
    .addColumn('arch', 'varchar(16)', (c) => c.notNull())
    .addColumn('template_tag', 'varchar(255)')
    .addColumn('cross_zones', 'integer', (c) => c.notNull())
    .addColumn('direct_download', 'integer', (c) => c.notNull())
    .addColumn('sort_key', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addColumn('removed', 'varchar(32)')
    .execute();
  await db.schema.createIndex('template_account').on('template').column('account_id').execute();
  await db.schema
    .createTable('template_zone')
    .addColumn('template_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('store_id', 'varchar(36)')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('download_percent', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', 'bigint')
    .addColumn('physical_size', 'bigint')
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_zone_pk', ['template_id', 'zone_id'])
    .execute();
  await db.schema
    .createTable('template_permission')
    .addColumn('template_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('template_permission_pk', ['template_id', 'account_id'])
    .execute();
  await db.schema.createIndex('template_permission_account').on('template_permission').column('account_id').execute();
  await db.schema
    .createTable('image_store_zone')
    .addColumn('store_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .execute();
}

export const imagesMigrations: Record<string, Migration> = { '0005_images': { up } };
