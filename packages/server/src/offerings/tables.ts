import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Tables the offerings domain owns. Offerings are soft-deleted (`removed`): VMs and volumes keep naming the offering
 * they were created from. Booleans are 0/1 integers; sizes are bytes, memory MiB, speeds MHz (CloudStack's units).
 */
export interface OfferingsTables {
  service_offering: {
    id: string;
    name: string;
    display_text: string;
    /** Null for a customised offering: the deploy names the figure. */
    cpu_number: number | null;
    cpu_speed: number | null;
    memory: number | null;
    customized: number;
    min_cpu_number: number | null;
    max_cpu_number: number | null;
    min_memory: number | null;
    max_memory: number | null;
    offer_ha: number;
    limit_cpu_use: number;
    is_volatile: number;
    dynamic_scaling: number;
    host_tags: string | null;
    storage_tags: string | null;
    /** `shared` or `local`. */
    storage_type: string;
    provisioning_type: string;
    root_disk_size: number | null;
    network_rate: number | null;
    is_system: number;
    system_vm_type: string | null;
    deployment_planner: string | null;
    encrypt_root: number;
    /** `Active` or `Inactive`. */
    state: string;
    sort_key: number;
    created: string;
    removed: string | null;
  };
  disk_offering: {
    id: string;
    name: string;
    display_text: string;
    /** Bytes; 0 for a customised offering. */
    disk_size: number;
    customized: number;
    customized_iops: number;
    min_iops: number | null;
    max_iops: number | null;
    tags: string | null;
    storage_type: string;
    provisioning_type: string;
    display_offering: number;
    encrypt: number;
    disk_size_strictness: number;
    cache_mode: string | null;
    state: string;
    sort_key: number;
    created: string;
    removed: string | null;
  };
  network_offering: {
    id: string;
    name: string;
    display_text: string;
    /** `Isolated`, `Shared` or `L2`. */
    guest_ip_type: string;
    traffic_type: string;
    /** JSON `{ [service]: provider[] }`, in CloudStack's service names (`SourceNat`, `Dhcp`...). */
    services: string;
    /** `Optional` or `Required`. */
    availability: string;
    conserve_mode: number;
    specify_vlan: number;
    specify_ip_ranges: number;
    is_persistent: number;
    egress_default_policy: number;
    for_vpc: number;
    network_rate: number | null;
    tags: string | null;
    is_default: number;
    max_connections: number | null;
    internet_protocol: string;
    service_offering_id: string | null;
    /** `Enabled` or `Disabled`; a new offering starts Disabled unless created with `enable=true`. */
    state: string;
    sort_key: number;
    created: string;
    removed: string | null;
  };
  /** Domain and zone limits of any offering; an offering without `domain` rows is public, without `zone` rows everywhere. */
  offering_scope: {
    offering_id: string;
    /** `domain` or `zone`. */
    scope: string;
    scope_id: string;
  };
}

/** The columns every offering table starts with. */
const named = <T extends string>(t: CreateTableBuilder<T>) =>
  t
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('display_text', 'varchar(4096)', (c) => c.notNull());

/** The columns every offering table ends with: its state, order and soft-delete. */
const lifecycle = <T extends string, C extends string>(t: CreateTableBuilder<T, C>) =>
  t
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('sort_key', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addColumn('removed', 'varchar(32)');

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_offering')
    .$call(named)
    .addColumn('cpu_number', 'integer')
    .addColumn('cpu_speed', 'integer')
    .addColumn('memory', 'integer')
    .addColumn('customized', 'integer', (c) => c.notNull())
    .addColumn('min_cpu_number', 'integer')
    .addColumn('max_cpu_number', 'integer')
    .addColumn('min_memory', 'integer')
    .addColumn('max_memory', 'integer')
    .addColumn('offer_ha', 'integer', (c) => c.notNull())
    .addColumn('limit_cpu_use', 'integer', (c) => c.notNull())
    .addColumn('is_volatile', 'integer', (c) => c.notNull())
    .addColumn('dynamic_scaling', 'integer', (c) => c.notNull())
    .addColumn('host_tags', 'varchar(4096)')
    .addColumn('storage_tags', 'varchar(4096)')
    .addColumn('storage_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('provisioning_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('root_disk_size', 'bigint')
    .addColumn('network_rate', 'integer')
    .addColumn('is_system', 'integer', (c) => c.notNull())
    .addColumn('system_vm_type', 'varchar(64)')
    .addColumn('deployment_planner', 'varchar(255)')
    .addColumn('encrypt_root', 'integer', (c) => c.notNull())
    .$call(lifecycle)
    .execute();
  await db.schema
    .createTable('disk_offering')
    .$call(named)
    .addColumn('disk_size', 'bigint', (c) => c.notNull())
    .addColumn('customized', 'integer', (c) => c.notNull())
    .addColumn('customized_iops', 'integer', (c) => c.notNull())
    .addColumn('min_iops', 'bigint')
    .addColumn('max_iops', 'bigint')
    .addColumn('tags', 'varchar(4096)')
    .addColumn('storage_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('provisioning_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('display_offering', 'integer', (c) => c.notNull())
    .addColumn('encrypt', 'integer', (c) => c.notNull())
    .addColumn('disk_size_strictness', 'integer', (c) => c.notNull())
    .addColumn('cache_mode', 'varchar(32)')
    .$call(lifecycle)
    .execute();
  await db.schema
    .createTable('network_offering')
    .$call(named)
    .addColumn('guest_ip_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('traffic_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('services', 'varchar(4096)', (c) => c.notNull())
    .addColumn('availability', 'varchar(16)', (c) => c.notNull())
    .addColumn('conserve_mode', 'integer', (c) => c.notNull())
    .addColumn('specify_vlan', 'integer', (c) => c.notNull())
    .addColumn('specify_ip_ranges', 'integer', (c) => c.notNull())
    .addColumn('is_persistent', 'integer', (c) => c.notNull())
    .addColumn('egress_default_policy', 'integer', (c) => c.notNull())
    .addColumn('for_vpc', 'integer', (c) => c.notNull())
    .addColumn('network_rate', 'integer')
    .addColumn('tags', 'varchar(4096)')
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('max_connections', 'integer')
    .addColumn('internet_protocol', 'varchar(16)', (c) => c.notNull())
    .addColumn('service_offering_id', 'varchar(36)')
    .$call(lifecycle)
    .execute();
  await db.schema
    .createTable('offering_scope')
    .addColumn('offering_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('scope', 'varchar(8)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('offering_scope_pk', ['offering_id', 'scope', 'scope_id'])
    .execute();
  await db.schema.createIndex('offering_scope_target').on('offering_scope').columns(['scope', 'scope_id']).execute();
}

export const offeringsMigrations: Record<string, Migration> = { '0004_offerings': { up } };
