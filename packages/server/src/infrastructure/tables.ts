
/**
 * Tables the infrastructure domain owns: the data centre (zones, pods, clusters, hosts), its storage and its physical
 * networks. Booleans are integers (0/1); byte and MHz figures are bigint so that a 100 TiB pool fits.
 */
export interface InfrastructureTables {
  zone: {
    id: string;
    name: string;
    description: string | null;
    /** `Advanced` or `Basic`. */
    network_type: string;
    dns1: string;
    dns2: string | null;
    internal_dns1: string;
    internal_dns2: string | null;
    ip6_dns1: string | null;
    ip6_dns2: string | null;
    guest_cidr: string | null;
    /** Network domain of the zone's guest networks. */
    network_domain: string | null;
    /** Dedicated to this domain when set. */
    domain_id: string | null;
    /** `Enabled` or `Disabled`. */
    allocation_state: string;
    local_storage_enabled: number;
    security_group_enabled: number;
    created: string;
  };
  pod: {
    id: string;
    name: string;
    zone_id: string;
    gateway: string | null;
    netmask: string | null;
    start_ip: string | null;
    end_ip: string | null;
    allocation_state: string;
    created: string;
  };
  cluster: {
    id: string;
    name: string;
    zone_id: string;
    pod_id: string;
    hypervisor: string;
    /** `CloudManaged` or `ExternalManaged`. */
    cluster_type: string;
    allocation_state: string;
    /** `Managed` or `Unmanaged`. */
    managed_state: string;
    created: string;
  };
  host: {
    id: string;
    name: string;
    zone_id: string;
    pod_id: string;
    cluster_id: string;
    hypervisor: string;
    url: string;
    ip_address: string;
    username: string | null;
    /** `Up`, `Down`, `Disconnected` or `Alert`. */
    state: string;
    /** `Enabled`, `Disabled` or `Maintenance`. */
    resource_state: string;
    cpu_number: number;
    /** MHz per core. */
    cpu_speed: number;
    memory_total: number;
    /** What placed VMs reserved, without overprovisioning. */
    cpu_used_mhz: number;
    memory_used: number;
    local_storage_bytes: number;
    /** Comma-separated host tags. */
    tags: string;
    version: string | null;
    last_pinged: string | null;
    created: string;
  };
  storage_pool: {
    id: string;
    name: string;
    zone_id: string;
    pod_id: string | null;
    cluster_id: string | null;
    host_id: string | null;
    /** `ZONE`, `CLUSTER` or `HOST` (local storage). */
    scope: string;
    /** `NetworkFilesystem`, `Filesystem`, `SharedMountPoint`... */
    type: string;
    url: string;
    ip_address: string;
    path: string;
    provider: string;
    hypervisor: string | null;
    capacity_bytes: number;
    used_bytes: number;
    allocated_bytes: number;
    tags: string;
    /** `Up`, `Disabled`, `PrepareForMaintenance`, `Maintenance`. */
    state: string;
    created: string;
  };
  image_store: {
    id: string;
    name: string;
    zone_id: string | null;
    url: string;
    protocol: string;
    provider: string;
    scope: string;
    readonly: number;
    capacity_bytes: number;
    used_bytes: number;
    created: string;
  };
  physical_network: {
    id: string;
    name: string;
    zone_id: string;
    /** Guest VLAN ranges as given (`100-200,300-310`). */
    vlan: string | null;
    isolation_methods: string;
    tags: string;
    broadcast_domain_range: string;
    network_speed: string | null;
    domain_id: string | null;
    /** `Enabled` or `Disabled`. */
    state: string;
    created: string;
  };
  physical_network_traffic_type: {
    id: string;
    physical_network_id: string;
    /** `Guest`, `Management`, `Public` or `Storage`. */
    traffic_type: string;
    kvm_label: string | null;
    xen_label: string | null;
    vmware_label: string | null;
    hyperv_label: string | null;
    ovm3_label: string | null;
    vlan: string | null;
    isolation_method: string | null;
  };
  network_service_provider: {
    id: string;
    physical_network_id: string;
    name: string;
    /** `Enabled`, `Disabled` or `Shutdown`. */
    state: string;
    /** Comma-separated services. */
    service_list: string;
    created: string;
  };
  vlan_ip_range: {
    id: string;
    zone_id: string;
    pod_id: string | null;
    physical_network_id: string | null;
    network_id: string | null;
    /** `vlan://100` or `vlan://untagged`. */
    vlan: string;
    gateway: string;
    netmask: string;
    start_ip: string;
    end_ip: string;
    for_virtual_network: number;
    for_system_vms: number;
    /** Dedicated to this account (or domain) when set. */
    account_id: string | null;
    domain_id: string | null;
    created: string;
  };
  public_ip: {
    id: string;
    vlan_id: string;
    zone_id: string;
    address: string;
    /** Sorts addresses numerically: the IPv4 address as a number. */
    address_num: number;
    /** `Free`, `Allocating`, `Allocated` or `Releasing`. */
    state: string;
    account_id: string | null;
    domain_id: string | null;
    network_id: string | null;
    allocated: string | null;
  };
}

export type ZoneRow = InfrastructureTables['zone'];
export type PodRow = InfrastructureTables['pod'];
export type ClusterRow = InfrastructureTables['cluster'];
export type HostRow = InfrastructureTables['host'];
export type PoolRow = InfrastructureTables['storage_pool'];
export type ImageStoreRow = InfrastructureTables['image_store'];
export type PhysicalNetworkRow = InfrastructureTables['physical_network'];
export type VlanIpRangeRow = InfrastructureTables['vlan_ip_range'];
export type PublicIpRow = InfrastructureTables['public_ip'];

export { infrastructureMigrations } from './migration.ts';
