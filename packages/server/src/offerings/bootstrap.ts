import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { GiB } from './disk-offering.ts';
import { DEFAULT_ISOLATED_OFFERING, type ServiceMap } from './network-offering.ts';

/**
 * CloudStack's built-in offerings, with fixed ids so that every server of a cluster seeds the same rows and a
 * second start inserts nothing.
 */
const created = '2026-01-01T00:00:00.000Z';

/** CloudStack's virtual router offering: the network offerings name it, and clients read it there. */
const ROUTER_OFFERING_ID = '00000000-0000-4000-8000-00000000a101';

const serviceOfferings = [
  { id: '00000000-0000-4000-8000-00000000a001', name: 'Small Instance', display_text: 'Small Instance', cpu_number: 1, cpu_speed: 500, memory: 512, sort_key: 1, is_system: 0, system_vm_type: null },
  { id: '00000000-0000-4000-8000-00000000a002', name: 'Medium Instance', display_text: 'Medium Instance', cpu_number: 1, cpu_speed: 1000, memory: 1024, sort_key: 2, is_system: 0, system_vm_type: null },
  {
    id: ROUTER_OFFERING_ID,
    name: 'System Offering For Software Router',
    display_text: 'System Offering For Software Router',
    cpu_number: 1,
    cpu_speed: 500,
    memory: 256,
    sort_key: 0,
    is_system: 1,
    system_vm_type: 'domainrouter',
  },
];

/** Built when seeding, not at import: the constants they use may still be initialising in an import cycle. */
const diskOfferings = () => [
  { id: '00000000-0000-4000-8000-00000000b001', name: 'Small', display_text: 'Small Disk, 5 GB', disk_size: 5 * GiB, customized: 0, sort_key: 1 },
  { id: '00000000-0000-4000-8000-00000000b002', name: 'Medium', display_text: 'Medium Disk, 20 GB', disk_size: 20 * GiB, customized: 0, sort_key: 2 },
  { id: '00000000-0000-4000-8000-00000000b003', name: 'Large', display_text: 'Large Disk, 100 GB', disk_size: 100 * GiB, customized: 0, sort_key: 3 },
  { id: '00000000-0000-4000-8000-00000000b004', name: 'Custom', display_text: 'Custom Disk', disk_size: 0, customized: 1, sort_key: 4 },
];

const vr = (...names: string[]): ServiceMap => Object.fromEntries(names.map((n) => [n, ['VirtualRouter']]));

const networkOfferings = () => [
  {
    id: '00000000-0000-4000-8000-00000000c001',
    name: DEFAULT_ISOLATED_OFFERING,
    display_text: 'Offering for Isolated networks with Source Nat service enabled',
    guest_ip_type: 'Isolated',
    services: vr('Dhcp', 'Dns', 'Firewall', 'Gateway', 'Lb', 'PortForwarding', 'SourceNat', 'StaticNat', 'UserData', 'Vpn'),
    availability: 'Required',
    specify_vlan: 0,
    specify_ip_ranges: 0,
  },
  {
    id: '00000000-0000-4000-8000-00000000c002',
    name: 'DefaultSharedNetworkOffering',
    display_text: 'Offering for Shared networks',
    guest_ip_type: 'Shared',
    services: vr('Dhcp', 'Dns', 'UserData'),
    availability: 'Optional',
    specify_vlan: 1,
    specify_ip_ranges: 1,
  },
  {
    id: '00000000-0000-4000-8000-00000000c003',
    name: 'DefaultSharedNetworkOfferingWithSGService',
    display_text: 'Offering for Shared Security group enabled networks',
    guest_ip_type: 'Shared',
    services: { ...vr('Dhcp', 'Dns', 'UserData'), SecurityGroup: ['SecurityGroupProvider'] },
    availability: 'Optional',
    specify_vlan: 1,
    specify_ip_ranges: 1,
  },
  {
    id: '00000000-0000-4000-8000-00000000c004',
    name: 'DefaultL2NetworkOffering',
    display_text: 'Offering for L2 networks',
    guest_ip_type: 'L2',
    services: {},
    availability: 'Optional',
    specify_vlan: 0,
    specify_ip_ranges: 0,
  },
];

export async function bootstrapOfferings(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const o of serviceOfferings) {
      await trx
        .insertInto('service_offering')
        .values({
          ...o,
          customized: 0,
          min_cpu_number: null,
          max_cpu_number: null,
          min_memory: null,
          max_memory: null,
          offer_ha: 0,
          limit_cpu_use: 0,
          is_volatile: 0,
          dynamic_scaling: 1,
          host_tags: null,
          storage_tags: null,
          storage_type: 'shared',
          provisioning_type: 'thin',
          root_disk_size: null,
          network_rate: null,
          deployment_planner: null,
          encrypt_root: 0,
          state: 'Active',
          created,
          removed: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    for (const o of diskOfferings()) {
      await trx
        .insertInto('disk_offering')
        .values({
          ...o,
          customized_iops: 0,
          min_iops: null,
          max_iops: null,
          tags: null,
          storage_type: 'shared',
          provisioning_type: 'thin',
          display_offering: 1,
          encrypt: 0,
          disk_size_strictness: 0,
          cache_mode: null,
          state: 'Active',
          created,
          removed: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    for (const [i, o] of networkOfferings().entries()) {
      await trx
        .insertInto('network_offering')
        .values({
          ...o,
          services: JSON.stringify(o.services),
          traffic_type: 'Guest',
          conserve_mode: 1,
          is_persistent: 0,
          egress_default_policy: 1,
          for_vpc: 0,
          network_rate: null,
          tags: null,
          is_default: 1,
          max_connections: null,
          internet_protocol: 'IPv4',
          service_offering_id: ROUTER_OFFERING_ID,
          state: 'Enabled',
          sort_key: i + 1,
          created,
          removed: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  });
}
