import type { DomainModule } from '../kernel/module.ts';
import { registerEntityTables } from '../kernel/entities.ts';
import { addHost } from './commands/add-host.ts';
import { addCluster, deleteCluster, listClusters, updateCluster } from './commands/clusters.ts';
import { deleteHost, listHosts, reconnectHost, updateHost } from './commands/hosts.ts';
import { addImageStore, deleteImageStore, listImageStores } from './commands/image-stores.ts';
import { listCapacity } from './commands/list-capacity.ts';
import { listHypervisors } from './commands/list-hypervisors.ts';
import { listZones } from './commands/list-zones.ts';
import { addTrafficType, listNetworkServiceProviders, listTrafficTypes, updateNetworkServiceProvider } from './commands/network-services.ts';
import { createPhysicalNetwork, deletePhysicalNetwork, listPhysicalNetworks, updatePhysicalNetwork } from './commands/physical-networks.ts';
import { createPod, deletePod, listPods, updatePod } from './commands/pods.ts';
import { cancelStorageMaintenance, enableStorageMaintenance } from './commands/storage-maintenance.ts';
import { createStoragePool, deleteStoragePool, listStoragePools, updateStoragePool } from './commands/storage-pools.ts';
import { createVlanIpRange, deleteVlanIpRange, listVlanIpRanges } from './commands/vlan-ip-ranges.ts';
import { createZone, deleteZone, updateZone } from './commands/zones.ts';
import { infrastructureSettings } from './settings.ts';

export { registerVlanUse } from './capacities.ts';
export { releaseHostCapacity, releasePoolCapacity, reserveHostCapacity, reservePoolCapacity } from './capacity.ts';
export { findCluster, findHost, findPod, findPool, findZone, hostSummary, imageStoresOfZone, zoneNames } from './lookup.ts';
export { hostsForPlacement, poolsForPlacement, type HostQuery, type PlacementHost, type PoolQuery } from './placement.ts';
export { allocatePublicIp, releasePublicIp, type PublicIpRequest } from './public-ips.ts';
export type { ClusterRow, HostRow, ImageStoreRow, PodRow, PoolRow, PublicIpRow, VlanIpRangeRow, ZoneRow } from './tables.ts';

registerEntityTables({
  Zone: 'zone',
  Pod: 'pod',
  Cluster: 'cluster',
  Host: 'host',
  StoragePool: 'storage_pool',
  ImageStore: 'image_store',
  PhysicalNetwork: 'physical_network',
  NetworkServiceProvider: 'network_service_provider',
  Vlan: 'vlan_ip_range',
  IpAddress: 'public_ip',
});

export const infrastructureModule: DomainModule = {
  name: 'infrastructure',
  commands: [
    createZone,
    updateZone,
    deleteZone,
    listZones,
    createPod,
    updatePod,
    deletePod,
    listPods,
    addCluster,
    updateCluster,
    deleteCluster,
    listClusters,
    addHost,
    updateHost,
    reconnectHost,
    deleteHost,
    listHosts,
    createStoragePool,
    updateStoragePool,
    deleteStoragePool,
    listStoragePools,
    enableStorageMaintenance,
    cancelStorageMaintenance,
    addImageStore,
    deleteImageStore,
    listImageStores,
    createPhysicalNetwork,
    updatePhysicalNetwork,
    deletePhysicalNetwork,
    listPhysicalNetworks,
    addTrafficType,
    listTrafficTypes,
    listNetworkServiceProviders,
    updateNetworkServiceProvider,
    createVlanIpRange,
    deleteVlanIpRange,
    listVlanIpRanges,
    listHypervisors,
    listCapacity,
  ],
  settings: infrastructureSettings,
};
