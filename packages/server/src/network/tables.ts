import { vniMigrations, type VniTables } from './vni.ts';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables the network domain owns. Ids of other domains' rows are plain varchar(36): no cross-domain keys. */
export interface NetworkTables extends VniTables {
  network: {
    id: string;
    name: string;
    display_text: string;
    zone_id: string;
    network_offering_id: string;
    account_id: string;
    domain_id: string;
    /** `Isolated` (shared and L2 networks come with the networking issue). */
    guest_type: string;
    /**
     * `Allocated`; `Implemented` (guest VLAN and router) from its first VM's start until the garbage collector shuts
     * it down, `network.gc.wait` seconds after its last VM stopped.
     */
    state: string;
    cidr: string;
    gateway: string;
    netmask: string;
    network_domain: string | null;
    dns1: string | null;
    dns2: string | null;
    display_network: number;
    /**
     * Bumped by every address allocation before it reads the used addresses: the row lock makes concurrent
     * allocations in one network take turns on PostgreSQL (SQLite runs one write transaction at a time anyway).
     */
    allocation_seq: number;
    /** `<account id>/<zone id>` on the network deploys create for an account that has none: unique, so two first deploys racing share one. */
    default_key: string | null;
    created: string;
  };
  nic: {
    id: string;
    vm_id: string;
    network_id: string;
    ip_address: string;
    /** `02:00:xx:xx:xx:xx`, unique across the cloud. */
    mac_address: string;
    is_default: number;
    device_id: number;
    created: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('network')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('display_text', 'varchar(255)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('network_offering_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('guest_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('cidr', 'varchar(43)', (c) => c.notNull())
    .addColumn('gateway', 'varchar(39)', (c) => c.notNull())
    .addColumn('netmask', 'varchar(39)', (c) => c.notNull())
    .addColumn('network_domain', 'varchar(255)')
    .addColumn('dns1', 'varchar(39)')
    .addColumn('dns2', 'varchar(39)')
    .addColumn('display_network', 'integer', (c) => c.notNull())
    .addColumn('allocation_seq', 'integer', (c) => c.notNull())
    .addColumn('default_key', 'varchar(80)', (c) => c.unique())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  // Lists page in creation order: for one account (in one zone for deploys' default network), and across all.
  await db.schema.createIndex('network_account_idx').on('network').columns(['account_id', 'zone_id', 'created']).execute();
  await db.schema.createIndex('network_account_created_idx').on('network').columns(['account_id', 'created', 'id']).execute();
  await db.schema.createIndex('network_created_idx').on('network').columns(['created', 'id']).execute();
  await db.schema.createIndex('network_domain_idx').on('network').column('domain_id').execute();
  await db.schema
    .createTable('nic')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('vm_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('network.id'))
    .addColumn('ip_address', 'varchar(39)', (c) => c.notNull())
    .addColumn('mac_address', 'varchar(17)', (c) => c.notNull().unique())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('device_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('nic_network_ip_unique', ['network_id', 'ip_address'])
    .execute();
  await db.schema.createIndex('nic_vm_idx').on('nic').column('vm_id').execute();
}

export const networkMigrations: Record<string, Migration> = { '0008_network': { up }, ...vniMigrations };
