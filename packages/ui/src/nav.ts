// The left menu: only what the caller's role may call (listApis), CloudStack's own rule for its UI.

export interface NavItem {
  path: string;
  label: string;
  /** The menu group the item sits under (CloudStack's UI sections); none for the Dashboard. */
  group?: string;
}

/** The groups in the menu's order. */
export const navGroups = ['Compute', 'Storage', 'Network', 'Images', 'Events', 'Accounts', 'Infrastructure', 'Offerings', 'Configuration'];

// `createZone` in `needs` marks a root admin's item: tenants may list their zones and their own account too.
const items: (NavItem & { needs: string[] })[] = [
  { path: '/', label: 'Dashboard', needs: [] },
  { group: 'Compute', path: '/instances', label: 'Instances', needs: ['listVirtualMachines'] },
  { group: 'Compute', path: '/sshkeypairs', label: 'SSH key pairs', needs: ['listSSHKeyPairs'] },
  { group: 'Compute', path: '/userdata', label: 'User data', needs: ['listUserData'] },
  { group: 'Storage', path: '/volumes', label: 'Volumes', needs: ['listVolumes'] },
  { group: 'Storage', path: '/snapshots', label: 'Snapshots', needs: ['listSnapshots'] },
  { group: 'Network', path: '/networks', label: 'Networks', needs: ['listNetworks'] },
  { group: 'Network', path: '/publicips', label: 'Public IPs', needs: ['listPublicIpAddresses'] },
  { group: 'Images', path: '/templates', label: 'Templates', needs: ['listTemplates'] },
  { group: 'Images', path: '/isos', label: 'ISOs', needs: ['listIsos'] },
  { group: 'Infrastructure', path: '/zones', label: 'Zones', needs: ['createZone', 'listZones'] },
  { group: 'Infrastructure', path: '/pods', label: 'Pods', needs: ['createZone', 'listPods'] },
  { group: 'Infrastructure', path: '/clusters', label: 'Clusters', needs: ['createZone', 'listClusters'] },
  { group: 'Infrastructure', path: '/hosts', label: 'Hosts', needs: ['createZone', 'listHosts'] },
  { group: 'Infrastructure', path: '/storagepools', label: 'Primary storage', needs: ['createZone', 'listStoragePools'] },
  { group: 'Infrastructure', path: '/imagestores', label: 'Secondary storage', needs: ['createZone', 'listImageStores'] },
  { group: 'Infrastructure', path: '/routers', label: 'Virtual routers', needs: ['createZone', 'listRouters'] },
  { group: 'Accounts', path: '/accounts', label: 'Accounts', needs: ['createZone', 'listAccounts'] },
  { group: 'Accounts', path: '/domains', label: 'Domains', needs: ['createZone', 'listDomains'] },
  { group: 'Accounts', path: '/roles', label: 'Roles', needs: ['createZone', 'listRoles'] },
  { group: 'Events', path: '/events', label: 'Events', needs: ['listEvents'] },
  { group: 'Events', path: '/alerts', label: 'Alerts', needs: ['createZone', 'listAlerts'] },
  { group: 'Offerings', path: '/serviceofferings', label: 'Compute offerings', needs: ['createZone', 'listServiceOfferings'] },
  { group: 'Offerings', path: '/diskofferings', label: 'Disk offerings', needs: ['createZone', 'listDiskOfferings'] },
  { group: 'Offerings', path: '/networkofferings', label: 'Network offerings', needs: ['createZone', 'listNetworkOfferings'] },
  { group: 'Configuration', path: '/settings', label: 'Global settings', needs: ['createZone', 'listConfigurations'] },
];

export function navItems(apis: ReadonlySet<string>): NavItem[] {
  return items.filter((item) => item.needs.every((name) => apis.has(name))).map(({ path, label, group }) => ({ path, label, group }));
}

export function isAdmin(apis: ReadonlySet<string>): boolean {
  return apis.has('createZone');
}
