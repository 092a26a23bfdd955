/** Builds the simulated cloud of the scale benchmark through the API, as an operator would (see run.ts). */
import type { ApiClient, Body } from '../../test/support/client.ts';

export const HOSTS_PER_CLUSTER = 10;
export const CLUSTERS_PER_POD = 10;

/** Runs `fn(0..count-1)` with at most `concurrency` calls in flight; the first failure stops the run. */
export async function inParallel(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Submits an async command and polls its job until it ends; a failed job throws with its error text. */
export async function runJob(client: ApiClient, command: string, params: Record<string, string | number | boolean>, pollMs = 50): Promise<Body> {
  const { jobid } = await client.ok(command, params);
  for (;;) {
    const r = await client.ok('queryAsyncJobResult', { jobid: jobid as string });
    if (r.jobstatus === 1) return r.jobresult as Body;
    if (r.jobstatus === 2) throw new Error(`${command} failed: ${JSON.stringify(r.jobresult)}`);
    await new Promise((res) => setTimeout(res, pollMs));
  }
}

function ipv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cloud {
  zone: Body;
  rootDomainId: string;
  templateId: string;
  offeringId: string;
  diskOfferingId: string;
  pods: Body[];
  clusters: Body[];
  hosts: number;
  accounts: string[];
}

/**
 * An enabled Advanced zone with one zone-wide primary pool big enough for every volume, one image store, a public
 * range of `publicIps` addresses and unlimited account and domain defaults (so limits never stop the run).
 */
export async function createCloud(admin: ApiClient, publicIps: number): Promise<Cloud> {
  for (const scope of ['account', 'domain']) {
    for (const setting of ['user.vms', 'public.ips', 'volumes', 'networks', 'cpus', 'memory', 'primary.storage']) {
      await admin.ok('updateConfiguration', { name: `max.${scope}.${setting}`, value: -1 });
    }
  }
  const zone = (await admin.ok('createZone', { name: 'bench', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2', guestcidraddress: '10.1.0.0/16' })).zone as Body;
  await admin.ok('createStoragePool', { zoneid: zone.id, name: 'bench-primary', url: 'nfs://10.0.0.2/primary', scope: 'ZONE', hypervisor: 'Simulator', capacitybytes: 2 ** 50 });
  await admin.ok('addImageStore', { name: 'bench-images', provider: 'NFS', url: 'nfs://10.0.0.2/secondary', zoneid: zone.id });
  // 100.64.0.0/10 (shared address space) holds up to four million addresses: one range, sized to the run.
  const first = (100 << 24) | (64 << 16);
  await admin.ok('createVlanIpRange', {
    zoneid: zone.id, vlan: 'untagged', gateway: ipv4(first + 1), netmask: '255.192.0.0',
    startip: ipv4(first + 10), endip: ipv4(first + 10 + publicIps), forvirtualnetwork: true,
  });
  await admin.ok('updateZone', { id: zone.id, allocationstate: 'Enabled' });
  const me = (await admin.ok('listAccounts', { name: 'admin' })).account[0] as Body;
  const offering = (await admin.ok('listServiceOfferings', { name: 'Small Instance' })).serviceoffering[0] as Body;
  const disk = (await admin.ok('listDiskOfferings', { name: 'Small' })).diskoffering[0] as Body;
  const template = ((await admin.ok('listTemplates', { templatefilter: 'featured', zoneid: zone.id })).template as Body[]).find((t) => t.hypervisor === 'Simulator');
  if (!template) throw new Error('the built-in simulator template is not listed');
  return { zone, rootDomainId: me.domainid as string, templateId: template.id as string, offeringId: offering.id as string, diskOfferingId: disk.id as string, pods: [], clusters: [], hosts: 0, accounts: [] };
}

/** Adds hosts (creating pods and clusters as they fill: 10 hosts per cluster, 10 clusters per pod) up to `total`. */
export async function growHosts(admin: ApiClient, cloud: Cloud, total: number, concurrency: number): Promise<void> {
  const clustersNeeded = Math.ceil(total / HOSTS_PER_CLUSTER);
  while (cloud.clusters.length < clustersNeeded) {
    const c = cloud.clusters.length;
    const p = Math.floor(c / CLUSTERS_PER_POD);
    if (!cloud.pods[p]) {
      // Each pod has its own /24 of management addresses in 172.16.0.0/12.
      const net = (172 << 24) | (16 << 16) | (p << 8);
      cloud.pods[p] = (await admin.ok('createPod', { zoneid: cloud.zone.id, name: `pod${p}`, gateway: ipv4(net + 1), netmask: '255.255.255.0', startip: ipv4(net + 10), endip: ipv4(net + 250) })).pod as Body;
    }
    const cluster = (await admin.ok('addCluster', { zoneid: cloud.zone.id, podid: cloud.pods[p].id, clustername: `c${c}`, clustertype: 'CloudManaged', hypervisor: 'Simulator' })).cluster[0] as Body;
    cloud.clusters.push(cluster);
  }
  const from = cloud.hosts;
  await inParallel(total - from, concurrency, async (i) => {
    const n = from + i;
    const c = Math.floor(n / HOSTS_PER_CLUSTER);
    const cluster = cloud.clusters[c];
    await admin.ok('addHost', {
      zoneid: cloud.zone.id, podid: cluster.podid as string, clusterid: cluster.id as string, hypervisor: 'Simulator',
      url: `http://sim/c${c}/h${n % HOSTS_PER_CLUSTER}?cpunumber=16&cpuspeed=2400&memory=65536`, username: 'root', password: 'password',
    });
  });
  cloud.hosts = total;
}

/** Creates user accounts `acct<n>` in the ROOT domain up to `total`. */
export async function growAccounts(admin: ApiClient, cloud: Cloud, total: number, concurrency: number): Promise<void> {
  const from = cloud.accounts.length;
  await inParallel(total - from, concurrency, async (i) => {
    const name = `acct${from + i}`;
    await admin.ok('createAccount', { account: name, username: name, password: `Pw-${name}-bench`, email: `${name}@example.org`, firstname: name, lastname: 'Bench', accounttype: 0, domainid: cloud.rootDomainId });
  });
  for (let i = from; i < total; i++) cloud.accounts.push(`acct${i}`);
}
