import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables the storage domain owns. Ids of other domains' rows are plain varchar(36): no cross-domain keys. */
export interface StorageTables {
  volume: {
    id: string;
    name: string;
    account_id: string;
    domain_id: string;
    zone_id: string;
    /** `ROOT` or `DATADISK`. */
    type: string;
    /** `Allocated` (no disk on primary storage yet), `Ready`, or `Resizing`/`Snapshotting`/`Reverting` while a job works on it. */
    state: string;
    /** Bytes. */
    size: number;
    /** The primary storage pool holding the disk (and its reserved capacity); null while Allocated. */
    pool_id: string | null;
    /** Where the pool's hosts find the disk, from the driver. */
    path: string | null;
    disk_offering_id: string | null;
    template_id: string | null;
    vm_id: string | null;
    device_id: number | null;
    /** When it was attached to `vm_id`; null when detached (`attached` is in the response iff set). */
    attached: string | null;
    display_volume: number;
    created: string;
  };
  snapshot: {
    id: string;
    name: string;
    volume_id: string;
    account_id: string;
    domain_id: string;
    zone_id: string;
    /** `Creating`, `BackedUp`, or `Reverting`/`Destroying` while a job works on it. */
    state: string;
    /** Bytes of the volume when taken. */
    size: number;
    path: string | null;
    /** The pool the snapshot was taken on, whose hosts reach it after its volume is gone. */
    pool_id: string;
    /** The volume's type when it was taken (`ROOT`, `DATADISK`). */
    volume_type: string;
    created: string;
  };
  vm_snapshot: {
    id: string;
    name: string;
    display_name: string;
    description: string | null;
    vm_id: string;
    account_id: string;
    domain_id: string;
    zone_id: string;
    /** `Disk` or `DiskAndMemory`. */
    type: string;
    /** `Creating`, `Ready`, `Reverting`, `Expunging`. */
    state: string;
    parent_id: string | null;
    /** The snapshot the VM was last taken at or reverted to. */
    current: number;
    created: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('volume')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('pool_id', 'varchar(36)')
    .addColumn('path', 'varchar(255)')
    .addColumn('disk_offering_id', 'varchar(36)')
    .addColumn('template_id', 'varchar(36)')
    .addColumn('vm_id', 'varchar(36)')
    .addColumn('device_id', 'integer')
    .addColumn('attached', 'varchar(32)')
    .addColumn('display_volume', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  // Lists page in creation order: for one account, and across all.
  await db.schema.createIndex('volume_account_idx').on('volume').columns(['account_id', 'created', 'id']).execute();
  await db.schema.createIndex('volume_created_idx').on('volume').columns(['created', 'id']).execute();
  await db.schema.createIndex('volume_domain_idx').on('volume').column('domain_id').execute();
  await db.schema.createIndex('volume_vm_idx').on('volume').column('vm_id').execute();
  // One disk per device slot of a VM (NULLs, the detached volumes, never clash).
  await db.schema.createIndex('volume_vm_device_unique').on('volume').columns(['vm_id', 'device_id']).unique().execute();
  await db.schema
    .createTable('snapshot')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('volume_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('path', 'varchar(255)')
    .addColumn('pool_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('volume_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('snapshot_account_idx').on('snapshot').columns(['account_id', 'created', 'id']).execute();
  await db.schema.createIndex('snapshot_created_idx').on('snapshot').columns(['created', 'id']).execute();
  await db.schema.createIndex('snapshot_volume_idx').on('snapshot').column('volume_id').execute();
  await db.schema
    .createTable('vm_snapshot')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'varchar(4096)')
    .addColumn('vm_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(36)')
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vm_snapshot_vm_idx').on('vm_snapshot').column('vm_id').execute();
  await db.schema.createIndex('vm_snapshot_account_idx').on('vm_snapshot').columns(['account_id', 'created', 'id']).execute();
}

export const storageMigrations: Record<string, Migration> = { '0007_storage': { up } };
