import type { ApiClient, Body } from './client.ts';

export interface SimZone {
  zone: Body;
  pod: Body;
  cluster: Body;
  hosts: Body[];
  pool: Body;
  template: Body;
  offering: Body;
}

/** Waits until `check` returns a value, polling every 100 ms (no timing asserts: only a generous ceiling). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * An advanced zone on simulator hosts, built through the API as an operator would: zone, pod, cluster, `hosts`
 * hosts of `memoryMiB` each (CloudStack's simulator URL with figures), a primary pool, an image store, and a template
 * downloaded and ready; the seeded "Small Instance" offering (1 x 500 MHz, 512 MiB).
 */
export async function buildSimZone(admin: ApiClient, o: { name?: string; hosts?: number; cpuMhz?: number; memoryMiB?: number } = {}): Promise<SimZone> {
  const name = o.name ?? 'sim';
  const zone = (await admin.ok('createZone', { name, networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.1', guestcidraddress: '10.1.1.0/24' })).zone;
  await admin.ok('updateZone', { id: zone.id, allocationstate: 'Enabled' });
  const pod = (await admin.ok('createPod', { zoneid: zone.id, name: `${name}-pod`, gateway: '192.168.56.1', netmask: '255.255.255.0', startip: '192.168.56.10', endip: '192.168.56.200' })).pod;
  const cluster = (await admin.ok('addCluster', { zoneid: zone.id, podid: pod.id, clustername: `${name}-c0`, clustertype: 'CloudManaged', hypervisor: 'Simulator' })).cluster[0];
  const hosts: Body[] = [];
  const cpu = o.cpuMhz ?? 2000;
  const mem = o.memoryMiB ?? 4096;
  for (let i = 0; i < (o.hosts ?? 1); i++) {
    const r = await admin.ok('addHost', {
      zoneid: zone.id,
      podid: pod.id,
      clusterid: cluster.id,
      hypervisor: 'Simulator',
      url: `http://sim/c0/h${i}?cpunumber=4&cpuspeed=${cpu}&memory=${mem}`,
      username: 'root',
      password: 'password',
    });
    hosts.push(r.host[0]);
  }
  const pool = (await admin.ok('createStoragePool', { zoneid: zone.id, podid: pod.id, clusterid: cluster.id, name: `${name}-pool`, url: 'nfs://10.0.0.2/primary', scope: 'CLUSTER' })).storagepool;
  await admin.ok('addImageStore', { name: `${name}-images`, provider: 'NFS', url: 'nfs://10.0.0.2/secondary', zoneid: zone.id });
  const [ostype] = (await admin.ok('listOsTypes', {})).ostype as Body[];
  const registered = (await admin.ok('registerTemplate', {
    name: `${name}-tmpl`,
    displaytext: 'Simulator template',
    format: 'QCOW2',
    hypervisor: 'Simulator',
    url: 'http://images.example.org/tiny.qcow2',
    zoneid: zone.id,
    ostypeid: ostype.id,
    ispublic: true,
    isfeatured: true,
    passwordenabled: true,
  })).template[0];
  const template = await waitFor('the template download', async () => {
    const t = (await admin.ok('listTemplates', { templatefilter: 'all', id: registered.id, zoneid: zone.id })).template?.[0];
    return t?.isready ? t : undefined;
  });
  const offering = ((await admin.ok('listServiceOfferings', { name: 'Small Instance' })).serviceoffering as Body[])[0];
  return { zone, pod, cluster, hosts, pool, template, offering };
}
