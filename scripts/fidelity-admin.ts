/**
 * The fidelity probe's administrator journey: the Sandbox-simulator zone built through the API as `nimbus zone apply`
 * builds it, then identity (domains, accounts, users, roles, limits), settings, events and alerts, offerings, the
 * infrastructure's own commands on a second, throw-away zone, and the operator's VM and router commands.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CloudClient, type Args as CliArgs } from '../packages/cli/src/api-client.ts';
import { applyZone, type MarvinZone } from '../packages/cli/src/zone-apply.ts';
import type { Body, Recorder } from './fidelity-recorder.ts';

/** `applyZone` talks through a CloudClient: this one routes its calls through the recorder. */
class RecordingCloudClient extends CloudClient {
  private readonly recorder: Recorder;
  constructor(recorder: Recorder) {
    super(recorder.url, '', '');
    this.recorder = recorder;
  }
  override async call(command: string, args: CliArgs = {}): Promise<Body> {
    return this.recorder.call(command, args);
  }
  override async job(command: string, args: CliArgs = {}): Promise<Body> {
    return this.recorder.job(command, args);
  }
}

export async function buildSandbox(a: Recorder): Promise<string> {
  const file = resolve(import.meta.dirname, '../packages/cli/src/emulator/sandbox-zone.json');
  const [zone] = (JSON.parse(readFileSync(file, 'utf8')) as { zones: MarvinZone[] }).zones;
  return applyZone(new RecordingCloudClient(a), zone, () => {});
}

export async function identityJourney(a: Recorder): Promise<void> {
  const domain = (await a.call('createDomain', { name: 'probe-domain' })).domain as Body;
  await a.call('listDomains');
  await a.call('listDomainChildren');
  await a.call('updateDomain', { id: domain.id, networkdomain: 'probe.example.org' });
  const account = (await a.call('createAccount', { username: 'probe-owner', password: 'Probe-pw-1', email: 'o@example.org', firstname: 'P', lastname: 'O', accounttype: 0, domainid: domain.id, account: 'probe-acct' })).account as Body;
  await a.call('updateAccount', { id: account.id, newname: 'probe-acct2' });
  await a.job('disableAccount', { id: account.id, lock: false });
  await a.call('enableAccount', { id: account.id });
  await a.call('lockAccount', { account: 'probe-acct2', domainid: domain.id });
  await a.call('enableAccount', { id: account.id });
  const user = (await a.call('createUser', { account: 'probe-acct2', domainid: domain.id, username: 'probe-second', password: 'Probe-pw-2', email: 's@example.org', firstname: 'S', lastname: 'U' })).user as Body;
  await a.call('listUsers', { domainid: domain.id });
  await a.call('updateUser', { id: user.id, firstname: 'Second' });
  await a.call('registerUserKeys', { id: user.id });
  await a.call('getUserKeys', { id: user.id });
  await a.job('disableUser', { id: user.id });
  await a.call('enableUser', { id: user.id });
  await a.call('lockUser', { id: user.id });
  await a.call('deleteUser', { id: user.id });
  await a.call('updateResourceLimit', { resourcetype: 0, max: 10, account: 'probe-acct2', domainid: domain.id });
  await a.call('listResourceLimits', { account: 'probe-acct2', domainid: domain.id });
  await a.call('updateResourceCount', { domainid: domain.id });
  await a.call('listAccounts', { domainid: domain.id });
  await a.job('deleteAccount', { id: account.id });
  await a.job('deleteDomain', { id: domain.id });

  const role = (await a.call('createRole', { name: 'probe-role', type: 'User' })).role as Body;
  await a.call('listRoles');
  await a.call('updateRole', { id: role.id, description: 'probe role' });
  const permission = (await a.call('createRolePermission', { roleid: role.id, rule: 'list*', permission: 'allow' })).rolepermission as Body;
  await a.call('listRolePermissions', { roleid: role.id });
  await a.call('updateRolePermission', { roleid: role.id, ruleid: permission.id, permission: 'deny' });
  await a.call('deleteRolePermission', { id: permission.id });
  await a.call('deleteRole', { id: role.id });
}

export async function operationsJourney(a: Recorder): Promise<void> {
  await a.call('listConfigurations', { name: 'expunge.delay' });
  await a.call('updateConfiguration', { name: 'expunge.delay', value: '120' });
  await a.call('resetConfiguration', { name: 'expunge.delay' });
  const events = (await a.call('listEvents', { pagesize: 2 })).event as Body[];
  await a.call('listEventTypes');
  await a.call('archiveEvents', { ids: events[0].id });
  await a.call('deleteEvents', { ids: events[1].id });
  await a.call('listAlerts');
  await a.call('listAlertTypes');
  await a.call('archiveAlerts', { type: 0 });
  await a.call('deleteAlerts', { type: 0 });
  await a.call('listAsyncJobs', { pagesize: 5 });
  await a.call('listCapacity');
  await a.call('listHypervisors');
}

export async function offeringsJourney(a: Recorder): Promise<void> {
  const so = (await a.call('createServiceOffering', { name: 'probe-so', displaytext: 'probe', cpunumber: 1, cpuspeed: 500, memory: 256 })).serviceoffering as Body;
  await a.call('updateServiceOffering', { id: so.id, displaytext: 'probe so' });
  await a.call('listServiceOfferings');
  await a.call('deleteServiceOffering', { id: so.id });
  const disk = (await a.call('createDiskOffering', { name: 'probe-do', displaytext: 'probe', disksize: 1 })).diskoffering as Body;
  await a.call('updateDiskOffering', { id: disk.id, displaytext: 'probe do' });
  await a.call('listDiskOfferings');
  await a.call('deleteDiskOffering', { id: disk.id });
  const net = (await a.call('createNetworkOffering', { name: 'probe-no', displaytext: 'probe', guestiptype: 'Isolated', traffictype: 'GUEST', supportedservices: 'Dhcp,Dns' })).networkoffering as Body;
  await a.call('updateNetworkOffering', { id: net.id, displaytext: 'probe no' });
  await a.call('listNetworkOfferings');
  await a.call('deleteNetworkOffering', { id: net.id });
}

/** The sandbox zone's objects are listed and updated; creation and deletion run on a second zone. */
export async function infrastructureJourney(a: Recorder, zoneId: string): Promise<void> {
  await a.call('updateZone', { id: zoneId, dns2: '8.8.4.4' });
  const pod = ((await a.call('listPods')).pod as Body[])[0];
  await a.call('updatePod', { id: pod.id, name: pod.name });
  const cluster = ((await a.call('listClusters')).cluster as Body[])[0];
  await a.call('updateCluster', { id: cluster.id, managedstate: 'Managed' });
  const host = ((await a.call('listHosts', { type: 'Routing' })).host as Body[])[0];
  await a.call('updateHost', { id: host.id, hosttags: host.hosttags ?? '' });
  await a.job('reconnectHost', { id: host.id });
  const pools = (await a.call('listStoragePools')).storagepool as Body[];
  await a.call('updateStoragePool', { id: pools[0].id, tags: pools[0].tags ?? '' });
  await a.call('listImageStores');
  const physical = ((await a.call('listPhysicalNetworks')).physicalnetwork as Body[])[0];
  await a.job('updatePhysicalNetwork', { id: physical.id, state: 'Enabled' });
  await a.call('listTrafficTypes', { physicalnetworkid: physical.id });
  const provider = ((await a.call('listNetworkServiceProviders', { physicalnetworkid: physical.id })).networkserviceprovider as Body[])[0];
  await a.job('updateNetworkServiceProvider', { id: provider.id, state: provider.state });
  await a.call('listVlanIpRanges');

  const z = (await a.call('createZone', { name: 'probe-zone', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.1', guestcidraddress: '10.9.0.0/24' })).zone as Body;
  const p = (await a.call('createPod', { zoneid: z.id, name: 'probe-pod', gateway: '192.168.90.1', netmask: '255.255.255.0', startip: '192.168.90.10', endip: '192.168.90.20' })).pod as Body;
  const c = ((await a.call('addCluster', { zoneid: z.id, podid: p.id, clustername: 'probe-c', clustertype: 'CloudManaged', hypervisor: 'Simulator' })).cluster as Body[])[0];
  const h = ((await a.call('addHost', { zoneid: z.id, podid: p.id, clusterid: c.id, hypervisor: 'Simulator', url: 'http://sim/probe/h0', username: 'root', password: 'password' })).host as Body[])[0];
  const s = (await a.call('createStoragePool', { zoneid: z.id, podid: p.id, clusterid: c.id, name: 'probe-pool', url: 'nfs://10.0.0.2/probe' })).storagepool as Body;
  await a.job('enableStorageMaintenance', { id: s.id });
  await a.job('cancelStorageMaintenance', { id: s.id });
  const store = (await a.call('addImageStore', { name: 'probe-images', provider: 'NFS', url: 'nfs://10.0.0.2/probe-sec', zoneid: z.id })).imagestore as Body;
  const pn = (await a.job('createPhysicalNetwork', { zoneid: z.id, name: 'probe-pnet' })).physicalnetwork as Body;
  await a.job('addTrafficType', { physicalnetworkid: pn.id, traffictype: 'Guest' });
  const vlan = (await a.call('createVlanIpRange', { zoneid: z.id, vlan: 'untagged', gateway: '203.0.113.1', netmask: '255.255.255.0', startip: '203.0.113.10', endip: '203.0.113.20', forvirtualnetwork: true })).vlan as Body;
  await a.call('deleteVlanIpRange', { id: vlan.id });
  await a.job('deletePhysicalNetwork', { id: pn.id });
  await a.call('deleteImageStore', { id: store.id });
  await a.call('deleteStoragePool', { id: s.id });
  await a.call('deleteHost', { id: h.id, forced: true });
  await a.call('deleteCluster', { id: c.id });
  await a.call('deletePod', { id: p.id });
  await a.call('deleteZone', { id: z.id });
}

/** The administrator's view of the tenant's resources: lists answer admin-only fields (a zone's internal DNS, a VM's host). */
export async function adminViews(a: Recorder, vmId: string): Promise<void> {
  const lists = ['listZones', 'listVirtualMachines', 'listVolumes', 'listNetworks', 'listPublicIpAddresses', 'listAccounts', 'listUsers', 'listSSHKeyPairs', 'listUserData', 'listSnapshots', 'listVMSnapshot', 'listTags', 'listEvents', 'listAsyncJobs', 'listServiceOfferings', 'listDiskOfferings', 'listNetworkOfferings', 'listPortForwardingRules', 'listFirewallRules', 'listEgressFirewallRules', 'listLoadBalancerRules'];
  for (const c of lists) await a.call(c, { listall: true });
  await a.call('listTemplates', { templatefilter: 'all', listall: true });
  await a.call('listIsos', { isofilter: 'all', listall: true });
  await a.call('listNics', { virtualmachineid: vmId });
}

/** What an operator does to a tenant's VM and router: move, hand over, restart the router, expunge. */
export async function operatorJourney(a: Recorder, vmId: string, offeringId: string): Promise<void> {
  const router = ((await a.call('listRouters', { listall: true })).router as Body[])[0];
  await a.call('getRouterHealthCheckResults', { routerid: router.id });
  await a.job('rebootRouter', { id: router.id });
  await a.job('stopRouter', { id: router.id });
  await a.job('startRouter', { id: router.id });

  const vm = ((await a.call('listVirtualMachines', { id: vmId, listall: true })).virtualmachine as Body[])[0];
  const target = ((await a.call('listHosts', { type: 'Routing', clusterid: ((await a.call('listHosts', { id: vm.hostid })).host as Body[])[0].clusterid })).host as Body[]).find((h) => h.id !== vm.hostid) as Body;
  await a.job('migrateVirtualMachine', { virtualmachineid: vmId, hostid: target.id });
  await a.job('stopVirtualMachine', { id: vmId });
  await a.job('scaleVirtualMachine', { id: vmId, serviceofferingid: offeringId });
  const other = (await a.call('createAccount', { username: 'probe-heir', password: 'Probe-pw-3', email: 'h@example.org', firstname: 'H', lastname: 'E', accounttype: 0 })).account as Body;
  await a.call('assignVirtualMachine', { virtualmachineid: vmId, account: other.name, domainid: other.domainid });
  await a.job('destroyVirtualMachine', { id: vmId });
  await a.call('recoverVirtualMachine', { id: vmId });
  await a.job('destroyVirtualMachine', { id: vmId });
  await a.job('expungeVirtualMachine', { id: vmId });
  await a.job('destroyRouter', { id: router.id });
}

/** The administrator's refusals, a few per domain: duplicates, unknown names and ids, missing parameters, bad keys. */
export async function adminBadCalls(a: Recorder, zoneId: string): Promise<void> {
  const nobody = '00000000-0000-4000-8000-000000000000';
  await a.bad('createDomain', { name: 'orphan', parentdomainid: nobody }, 'unknown parent');
  await a.bad('updateAccount', { id: nobody, newname: 'x' }, 'unknown id');
  await a.bad('updateConfiguration', { name: 'no.such.setting', value: '1' }, 'unknown setting');
  await a.bad('createServiceOffering', { name: 'x' }, 'missing parameters');
  await a.bad('deletePod', { id: nobody }, 'unknown id');
  await a.bad('createZone', { name: 'Sandbox-simulator', dns1: '8.8.8.8', internaldns1: '8.8.8.8', networktype: 'Advanced' }, 'duplicate name');
  await a.bad('registerIso', { name: 'x', displaytext: 'x', zoneid: zoneId }, 'missing url');
  await a.bad('deleteZone', { id: zoneId }, 'zone in use');
  await a.bad('listEvents', { startdate: 'yesterday' }, 'malformed date');
}
