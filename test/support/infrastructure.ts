import type { ApiClient, Body } from './client.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export interface SimZone {
  zone: Body;
  pod: Body;
  cluster: Body;
  hosts: Body[];
}

/**
 * Builds an enabled Advanced zone with one pod, one Simulator cluster and `hosts` hosts through the API, as an
 * operator would; `hostQuery` adds figures to each host URL (`cpunumber=2&memory=4096`).
 */
export async function createSimZone(admin: ApiClient, o: { hosts?: number; hostQuery?: string; name?: string } = {}): Promise<SimZone> {
  const name = o.name ?? unique('zone');
  const zone = (await admin.ok('createZone', { name, networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' })).zone as Body;
  const pod = (await admin.ok('createPod', { zoneid: zone.id, name: `${name}-pod`, gateway: '10.0.0.1', netmask: '255.255.255.0', startip: '10.0.0.10', endip: '10.0.0.50' })).pod as Body;
  const cluster = ((await admin.ok('addCluster', { zoneid: zone.id, podid: pod.id, clustername: `${name}-c`, clustertype: 'CloudManaged', hypervisor: 'Simulator' })).cluster as Body[])[0];
  const hosts: Body[] = [];
  for (let i = 0; i < (o.hosts ?? 1); i++) {
    const url = `http://sim/${name}/h${i}${o.hostQuery ? `?${o.hostQuery}` : ''}`;
    hosts.push(((await admin.ok('addHost', { zoneid: zone.id, podid: pod.id, clusterid: cluster.id, hypervisor: 'Simulator', url, username: 'root', password: 'password' })).host as Body[])[0]);
  }
  await admin.ok('updateZone', { id: zone.id, allocationstate: 'Enabled' });
  return { zone: { ...zone, allocationstate: 'Enabled' }, pod, cluster, hosts };
}
