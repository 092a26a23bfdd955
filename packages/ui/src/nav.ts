// The left menu: only what the caller's role may call (listApis), CloudStack's own rule for its UI.

export interface NavItem {
  path: string;
  label: string;
}

const items: { path: string; label: string; needs: string[] }[] = [
  { path: '/', label: 'Dashboard', needs: [] },
  { path: '/instances', label: 'Instances', needs: ['listVirtualMachines'] },
  { path: '/networks', label: 'Networks', needs: ['listNetworks'] },
  { path: '/publicips', label: 'Public IPs', needs: ['listPublicIpAddresses'] },
  { path: '/templates', label: 'Templates', needs: ['listTemplates'] },
  { path: '/isos', label: 'ISOs', needs: ['listIsos'] },
  { path: '/volumes', label: 'Volumes', needs: ['listVolumes'] },
  { path: '/snapshots', label: 'Snapshots', needs: ['listSnapshots'] },
  { path: '/sshkeypairs', label: 'SSH key pairs', needs: ['listSSHKeyPairs'] },
  // createZone marks the root admin: tenants may list their zones and their own account too.
  { path: '/infrastructure', label: 'Infrastructure', needs: ['createZone', 'listZones', 'listHosts'] },
  { path: '/accounts', label: 'Accounts', needs: ['createZone', 'listAccounts'] },
];

export function navItems(apis: ReadonlySet<string>): NavItem[] {
  return items
    .filter((item) => item.needs.every((name) => apis.has(name)))
    .map(({ path, label }) => ({ path, label }));
}

export function isAdmin(apis: ReadonlySet<string>): boolean {
  return apis.has('createZone');
}
