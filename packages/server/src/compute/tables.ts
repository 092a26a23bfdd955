import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables the compute domain owns. Ids of other domains' rows are plain varchar(36): no cross-domain keys. */
export interface ComputeTables {
  vm_instance: {
    id: string;
    name: string;
    display_name: string;
    /** The name the hypervisor knows the VM by: `i-<account number>-<vm number>-VM` as CloudStack. */
    instance_name: string;
    /** Stopped, Starting, Running, Stopping, Migrating, Destroyed, Expunging, Error (see vm-state.ts). */
    state: string;
    account_id: string;
    domain_id: string;
    user_id: string;
    zone_id: string;
    /** Where the VM runs (Starting, Running, Stopping, Migrating); null when stopped. */
    host_id: string | null;
    last_host_id: string | null;
    pod_id: string | null;
    cluster_id: string | null;
    service_offering_id: string;
    /** The offering's host tags when the VM got it: placement needs them at every start. */
    host_tags: string | null;
    template_id: string;
    iso_id: string | null;
    guest_os_id: string | null;
    hypervisor: string;
    cpu_number: number;
    cpu_speed: number;
    /** MiB, as service offerings count it. */
    memory: number;
    /** What `host_id`'s capacity holds for this VM, so a release gives back exactly that. */
    reserved_cpu_mhz: number;
    reserved_memory_bytes: number;
    group_name: string | null;
    /** Comma-separated SSH key pair names. */
    keypairs: string | null;
    user_data: string | null;
    user_data_id: string | null;
    /** The password set at deploy or reset, sealed with the data key; shown once in the job result. */
    password: string | null;
    ha_enable: number;
    display_vm: number;
    delete_protection: number;
    created: string;
    updated: string;
    /** When it was destroyed: the expunger removes it `expunge.delay` seconds later. */
    destroyed: string | null;
  };
  vm_detail: {
    vm_id: string;
    name: string;
    value: string;
    display: number;
  };
  ssh_keypair: {
    id: string;
    name: string;
    account_id: string;
    domain_id: string;
    public_key: string;
    fingerprint: string;
    created: string;
  };
  user_data: {
    id: string;
    name: string;
    account_id: string;
    domain_id: string;
    /** Base64, as registered. */
    user_data: string;
    /** Comma-separated parameter names the user data template uses. */
    params: string | null;
    created: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vm_instance')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('instance_name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('host_id', 'varchar(36)')
    .addColumn('last_host_id', 'varchar(36)')
    .addColumn('pod_id', 'varchar(36)')
    .addColumn('cluster_id', 'varchar(36)')
    .addColumn('service_offering_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('host_tags', 'varchar(4096)')
    .addColumn('template_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('iso_id', 'varchar(36)')
    .addColumn('guest_os_id', 'varchar(36)')
    .addColumn('hypervisor', 'varchar(32)', (c) => c.notNull())
    .addColumn('cpu_number', 'integer', (c) => c.notNull())
    .addColumn('cpu_speed', 'integer', (c) => c.notNull())
    .addColumn('memory', 'integer', (c) => c.notNull())
    .addColumn('reserved_cpu_mhz', 'bigint', (c) => c.notNull())
    .addColumn('reserved_memory_bytes', 'bigint', (c) => c.notNull())
    .addColumn('group_name', 'varchar(255)')
    .addColumn('keypairs', 'varchar(4096)')
    .addColumn('user_data', 'text')
    .addColumn('user_data_id', 'varchar(36)')
    .addColumn('password', 'varchar(512)')
    .addColumn('ha_enable', 'integer', (c) => c.notNull())
    .addColumn('display_vm', 'integer', (c) => c.notNull())
    .addColumn('delete_protection', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated', 'varchar(32)', (c) => c.notNull())
    .addColumn('destroyed', 'varchar(32)')
    .execute();
  await db.schema.createIndex('vm_instance_account').on('vm_instance').column('account_id').execute();
  await db.schema.createIndex('vm_instance_domain').on('vm_instance').column('domain_id').execute();
  await db.schema.createIndex('vm_instance_host').on('vm_instance').column('host_id').execute();
  await db.schema.createIndex('vm_instance_state').on('vm_instance').columns(['state', 'destroyed']).execute();
  await db.schema
    .createTable('vm_detail')
    .addColumn('vm_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('value', 'varchar(4096)', (c) => c.notNull())
    .addColumn('display', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('vm_detail_pk', ['vm_id', 'name'])
    .execute();
  await db.schema
    .createTable('ssh_keypair')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'varchar(128)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('ssh_keypair_account_name', ['account_id', 'name'])
    .execute();
  await db.schema
    .createTable('user_data')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_data', 'text', (c) => c.notNull())
    .addColumn('params', 'varchar(4096)')
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('user_data_account_name', ['account_id', 'name'])
    .execute();
}

export const computeMigrations: Record<string, Migration> = { '0009_compute': { up } };
