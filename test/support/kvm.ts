import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupPrefix, startTestAgent, type TestAgent } from './agent.ts';
import { adminClient, type ApiClient, type Body } from './client.ts';
import { waitFor, type SimZone } from './compute.ts';
import { uniquePrefix } from './netns.ts';
import { repoRoot, startTestServer, type TestServer } from './server.ts';

/** The built-in guest template, built once per checkout (scripts/build-template.sh caches it). */
export function guestTemplate(): string {
  return execFileSync('bash', [join(repoRoot, 'scripts/build-template.sh'), join(repoRoot, '.nimbus/template')], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 })
    .toString()
    .trim();
}

/** A KVM zone has the same pieces as a simulator one. */
export type KvmZone = SimZone;

/**
 * An advanced zone of KVM hosts, built as an operator would: a physical network whose guest VLANs are 100-199 (the
 * hosts' kernel has no 802.1Q, so their networks travel as VXLAN with VNI = VLAN id), one cluster holding `agents`
 * (admitted by addHost with their credentials), a primary pool on a directory they share, the guest template served
 * by the management server, and a 1 x 500 MHz, 128 MiB offering.
 */
export async function buildKvmZone(admin: ApiClient, server: TestServer, agents: TestAgent[], o: { poolDir: string; name?: string }): Promise<KvmZone> {
  const name = o.name ?? 'kvm';
  mkdirSync(join(server.dataDir, 'templates'), { recursive: true });
  copyFileSync(guestTemplate(), join(server.dataDir, 'templates', 'nimbus-tiny.qcow2'));
  const zone = (await admin.ok('createZone', { name, networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.1', guestcidraddress: '10.1.1.0/24' })).zone;
  await admin.ok('updateZone', { id: zone.id, allocationstate: 'Enabled' });
  await admin.job('createPhysicalNetwork', { zoneid: zone.id, name: `${name}-physical`, vlan: '100-199', isolationmethods: 'VLAN' });
  const pod = (await admin.ok('createPod', { zoneid: zone.id, name: `${name}-pod`, gateway: '192.168.56.1', netmask: '255.255.255.0', startip: '192.168.56.10', endip: '192.168.56.200' })).pod;
  const cluster = (await admin.ok('addCluster', { zoneid: zone.id, podid: pod.id, clustername: `${name}-c0`, clustertype: 'CloudManaged', hypervisor: 'KVM' })).cluster[0];
  const hosts: Body[] = [];
  for (const a of agents) {
    const r = await admin.ok('addHost', { zoneid: zone.id, podid: pod.id, clusterid: cluster.id, hypervisor: 'KVM', url: `http://${a.address}`, username: a.username, password: a.password });
    hosts.push(r.host[0]);
  }
  const pool = (await admin.ok('createStoragePool', { zoneid: zone.id, podid: pod.id, clusterid: cluster.id, name: `${name}-pool`, url: `sharedmountpoint://${o.poolDir}`, scope: 'CLUSTER' })).storagepool;
  await admin.ok('addImageStore', { name: `${name}-images`, provider: 'NFS', url: 'nfs://10.0.0.2/secondary', zoneid: zone.id });
  const ostype = ((await admin.ok('listOsTypes', { keyword: 'Debian' })).ostype as Body[])[0] ?? ((await admin.ok('listOsTypes', {})).ostype as Body[])[0];
  const registered = (await admin.ok('registerTemplate', {
    name: `${name}-tiny`,
    displaytext: 'Nimbus tiny guest',
    format: 'QCOW2',
    hypervisor: 'KVM',
    url: `http://${agents[0].serverAddress}:${server.port}/templates/nimbus-tiny.qcow2`,
    zoneid: zone.id,
    ostypeid: ostype.id,
    ispublic: true,
    isfeatured: true,
  })).template[0];
  const template = await waitFor('the template to be ready', async () => {
    const t = ((await admin.ok('listTemplates', { templatefilter: 'all', id: registered.id })).template as Body[] | undefined)?.[0];
    return t?.isready ? t : undefined;
  });
  const offering = (await admin.ok('createServiceOffering', { name: `${name}-tiny`, displaytext: '1 x 500 MHz, 128 MiB', cpunumber: 1, cpuspeed: 500, memory: 128 })).serviceoffering;
  return { zone, pod, cluster, hosts, pool, template, offering };
}

/** Why tests of real guests cannot run here (they need root for namespaces and bridges, and QEMU; TCG needs no /dev/kvm), or undefined. */
export const kvmMissing = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/bin/qemu-system-x86_64') ? 'needs qemu-system-x86' : undefined;

export interface KvmCloud {
  server: TestServer;
  agents: TestAgent[];
  admin: ApiClient;
  zone: KvmZone;
  /** The unique prefix of this cloud's namespaces and links. */
  prefix: string;
  /** A temporary directory removed by `stop`; the zone's primary pool is its `primary`. */
  dir: string;
  stop(): Promise<void>;
}

/**
 * A management server listening on every address, `agents` real agents (each in its own network namespace) and a
 * KVM zone of them (buildKvmZone), with the agents' pings every `pingInterval` seconds when given, and with
 * `publicRange` public addresses 198.51.100.10-40 on the agents' public bridge. `stop` ends the agents and the
 * server and removes the namespaces, links and files; a set-up that fails half-way does it before it throws.
 */
export async function startKvmCloud(o: { agents?: number; pingInterval?: number; publicRange?: boolean } = {}): Promise<KvmCloud> {
  const prefix = uniquePrefix();
  const dir = mkdtempSync(join(tmpdir(), `nimbus-kvm-${prefix}-`));
  const agents: TestAgent[] = [];
  let server: TestServer | undefined;
  const stop = async () => {
    await Promise.allSettled(agents.map((a) => a.stop()));
    await server?.stop();
    cleanupPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    server = await startTestServer({ host: '0.0.0.0', agentHost: '0.0.0.0' });
    for (let i = 0; i < (o.agents ?? 1); i++) agents.push(await startTestAgent(server, { prefix }));
    const admin = await adminClient(server.url, server.adminPassword);
    if (o.pingInterval !== undefined) await admin.ok('updateConfiguration', { name: 'ping.interval', value: String(o.pingInterval) });
    const zone = await buildKvmZone(admin, server, agents, { poolDir: join(dir, 'primary') });
    if (o.publicRange) {
      await admin.ok('createVlanIpRange', { zoneid: zone.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.40', forvirtualnetwork: true });
    }
    return { server, agents, admin, zone, prefix, dir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
