import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The infrastructure tables (see tables.ts for what each column holds). */
async function up(db: Kysely<unknown>): Promise<void> {
  const id = (t: string) => db.schema.createTable(t).addColumn('id', 'varchar(36)', (c) => c.primaryKey());
  await id('zone')
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('description', 'varchar(1024)')
    .addColumn('network_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('dns1', 'varchar(64)', (c) => c.notNull())
    .addColumn('dns2', 'varchar(64)')
    .addColumn('internal_dns1', 'varchar(64)', (c) => c.notNull())
    .addColumn('internal_dns2', 'varchar(64)')
    .addColumn('ip6_dns1', 'varchar(64)')
    .addColumn('ip6_dns2', 'varchar(64)')
    .addColumn('guest_cidr', 'varchar(64)')
    .addColumn('network_domain', 'varchar(255)')
    .addColumn('domain_id', 'varchar(36)')
    .addColumn('allocation_state', 'varchar(16)', (c) => c.notNull())
    .addColumn('local_storage_enabled', 'integer', (c) => c.notNull())
    .addColumn('security_group_enabled', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await id('pod')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull().references('zone.id'))
    .addColumn('gateway', 'varchar(64)')
    .addColumn('netmask', 'varchar(64)')
    .addColumn('start_ip', 'varchar(64)')
    .addColumn('end_ip', 'varchar(64)')
    .addColumn('allocation_state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('pod_zone_name', ['zone_id', 'name'])
    .execute();
  await id('cluster')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull().references('zone.id'))
    .addColumn('pod_id', 'varchar(36)', (c) => c.notNull().references('pod.id'))
    .addColumn('hypervisor', 'varchar(32)', (c) => c.notNull())
    .addColumn('cluster_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('allocation_state', 'varchar(16)', (c) => c.notNull())
    .addColumn('managed_state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('cluster_pod_name', ['pod_id', 'name'])
    .execute();
  await id('host')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('pod_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('cluster_id', 'varchar(36)', (c) => c.notNull().references('cluster.id'))
    .addColumn('hypervisor', 'varchar(32)', (c) => c.notNull())
    .addColumn('url', 'varchar(1024)', (c) => c.notNull().unique())
    .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
    .addColumn('username', 'varchar(255)')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('resource_state', 'varchar(16)', (c) => c.notNull())
    .addColumn('cpu_number', 'integer', (c) => c.notNull())
    .addColumn('cpu_speed', 'integer', (c) => c.notNull())
    .addColumn('memory_total', 'bigint', (c) => c.notNull())
    .addColumn('cpu_used_mhz', 'bigint', (c) => c.notNull())
    .addColumn('memory_used', 'bigint', (c) => c.notNull())
    .addColumn('local_storage_bytes', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'varchar(4096)', (c) => c.notNull())
    .addColumn('version', 'varchar(64)')
    .addColumn('last_pinged', 'varchar(32)')
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('host_cluster').on('host').column('cluster_id').execute();
  await db.schema.createIndex('host_zone').on('host').columns(['zone_id', 'state', 'resource_state']).execute();
  await id('storage_pool')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull().references('zone.id'))
    .addColumn('pod_id', 'varchar(36)')
    .addColumn('cluster_id', 'varchar(36)')
    .addColumn('host_id', 'varchar(36)')
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('url', 'varchar(1024)', (c) => c.notNull())
    .addColumn('ip_address', 'varchar(255)', (c) => c.notNull())
    .addColumn('path', 'varchar(1024)', (c) => c.notNull())
    .addColumn('provider', 'varchar(64)', (c) => c.notNull())
    .addColumn('hypervisor', 'varchar(32)')
    .addColumn('capacity_bytes', 'bigint', (c) => c.notNull())
    .addColumn('used_bytes', 'bigint', (c) => c.notNull())
    .addColumn('allocated_bytes', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'varchar(4096)', (c) => c.notNull())
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await id('image_store')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)')
    .addColumn('url', 'varchar(1024)', (c) => c.notNull())
    .addColumn('protocol', 'varchar(16)', (c) => c.notNull())
    .addColumn('provider', 'varchar(64)', (c) => c.notNull())
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('readonly', 'integer', (c) => c.notNull())
    .addColumn('capacity_bytes', 'bigint', (c) => c.notNull())
    .addColumn('used_bytes', 'bigint', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await id('physical_network')
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull().references('zone.id'))
    .addColumn('vlan', 'varchar(4096)')
    .addColumn('isolation_methods', 'varchar(255)', (c) => c.notNull())
    .addColumn('tags', 'varchar(255)', (c) => c.notNull())
    .addColumn('broadcast_domain_range', 'varchar(16)', (c) => c.notNull())
    .addColumn('network_speed', 'varchar(32)')
    .addColumn('domain_id', 'varchar(36)')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await id('physical_network_traffic_type')
    .addColumn('physical_network_id', 'varchar(36)', (c) => c.notNull().references('physical_network.id').onDelete('cascade'))
    .addColumn('traffic_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('kvm_label', 'varchar(255)')
    .addColumn('xen_label', 'varchar(255)')
    .addColumn('vmware_label', 'varchar(255)')
    .addColumn('hyperv_label', 'varchar(255)')
    .addColumn('ovm3_label', 'varchar(255)')
    .addColumn('vlan', 'varchar(255)')
    .addColumn('isolation_method', 'varchar(32)')
    .addUniqueConstraint('traffic_type_network', ['physical_network_id', 'traffic_type'])
    .execute();
  await id('network_service_provider')
    .addColumn('physical_network_id', 'varchar(36)', (c) => c.notNull().references('physical_network.id').onDelete('cascade'))
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('service_list', 'varchar(1024)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('provider_network_name', ['physical_network_id', 'name'])
    .execute();
  await id('vlan_ip_range')
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull().references('zone.id'))
    .addColumn('pod_id', 'varchar(36)')
    .addColumn('physical_network_id', 'varchar(36)')
    .addColumn('network_id', 'varchar(36)')
    .addColumn('vlan', 'varchar(64)', (c) => c.notNull())
    .addColumn('gateway', 'varchar(64)', (c) => c.notNull())
    .addColumn('netmask', 'varchar(64)', (c) => c.notNull())
    .addColumn('start_ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('end_ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('for_virtual_network', 'integer', (c) => c.notNull())
    .addColumn('for_system_vms', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)')
    .addColumn('domain_id', 'varchar(36)')
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await id('public_ip')
    .addColumn('vlan_id', 'varchar(36)', (c) => c.notNull().references('vlan_ip_range.id').onDelete('cascade'))
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('address', 'varchar(64)', (c) => c.notNull())
    .addColumn('address_num', 'bigint', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)')
    .addColumn('domain_id', 'varchar(36)')
    .addColumn('network_id', 'varchar(36)')
    .addColumn('allocated', 'varchar(32)')
    .addUniqueConstraint('public_ip_zone_address', ['zone_id', 'address'])
    .execute();
  await db.schema.createIndex('public_ip_free').on('public_ip').columns(['zone_id', 'state', 'address_num']).execute();
}

/**
 * Placement reads a zone's Up, Enabled hosts from a random point in id order: with the id in the index it reads
 * only the hosts it returns instead of sorting them all.
 */
async function hostPlacementIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('host_zone').execute();
  await db.schema.createIndex('host_placement').on('host').columns(['zone_id', 'state', 'resource_state', 'id']).execute();
}

export const infrastructureMigrations: Record<string, Migration> = {
  '0003_infrastructure': { up },
  '0003_infrastructure_host_placement': { up: hostPlacementIndex },
};
