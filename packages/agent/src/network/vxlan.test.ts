import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandOfKind, NicSpec } from '@nimbus/protocol';
import { createNetns, uniquePrefix, type TestNetns } from '../../../../test/support/netns.ts';
import type { AgentConfig } from '../config.ts';
import { run } from '../exec.ts';
import { runningDnsmasq } from './dnsmasq.ts';
import { bridgeName, networkDir, routerNetns, vxlanName } from './names.ts';
import { netnsExists } from './router.ts';

// Two hosts on one machine (needs root): namespaces A and B joined by a veth "underlay". The agent's code runs inside
// each (vxlan-host.fixture.ts under nsenter); A holds the network's router, B a guest's NIC. Guests are namespaces
// on veths to a host's bridge. Everything is named with this run's prefix and removed in `after`.

const prefix = uniquePrefix();
const networkId = randomUUID();
const vni = randomInt(1, 16_777_216);
const uri = `vxlan://${vni}`;
const addrA = '10.231.0.1';
const addrB = '10.231.0.2';
const configFor = (address: string, stateDir: string) => ({ prefix, address, stateDir }) as AgentConfig;
const configA = configFor(addrA, mkdtempSync(join(tmpdir(), `${prefix}-a-`)));
const configB = configFor(addrB, mkdtempSync(join(tmpdir(), `${prefix}-b-`)));
const bridge = bridgeName(prefix, networkId);
const vxlan = vxlanName(prefix, networkId);
const fixture = join(import.meta.dirname, 'vxlan-host.fixture.ts');
const namespaces: TestNetns[] = [];

after(async () => {
  const dnsmasq = runningDnsmasq(networkDir(configA, networkId));
  if (dnsmasq) process.kill(dnsmasq.pid, 'SIGKILL');
  const router = routerNetns(prefix, networkId);
  if (await netnsExists(router)) await run('ip', ['netns', 'del', router]);
  for (const ns of namespaces.reverse()) await ns.delete().catch(() => undefined);
  for (const dir of [configA.stateDir, configB.stateDir]) rmSync(dir, { recursive: true, force: true });
});

/** Runs one agent request on host A or B, as that host's agent would. */
async function onHost(host: TestNetns, config: AgentConfig, request: object): Promise<unknown> {
  const { stdout } = await run('nsenter', [`--net=/run/netns/${host.name}`, process.execPath, fixture, JSON.stringify({ config, ...request })], { timeoutMs: 60_000 });
  return JSON.parse(stdout);
}

async function vxlanOn(host: TestNetns) {
  const [link] = JSON.parse((await host.ip(['-d', '-j', 'link', 'show', 'dev', vxlan])).stdout) as {
    mtu: number;
    master?: string;
    operstate: string;
    linkinfo: { info_kind: string; info_data: { id: number; local: string; port: number; learning: boolean } };
  }[];
  const fdb = JSON.parse((await run('bridge', ['-n', host.name, '-j', 'fdb', 'show', 'dev', vxlan])).stdout) as { mac: string; dst?: string }[];
  const flood = fdb.filter((e) => e.mac === '00:00:00:00:00:00').map((e) => e.dst).sort();
  return { link, flood };
}

/** A guest: a namespace whose eth0 (with `mac`) is a veth to the bridge on `host`. */
async function attachGuest(guest: TestNetns, host: TestNetns, port: string, mac: string): Promise<void> {
  await host.ip(['link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'address', mac, 'netns', guest.name]);
  await host.ip(['link', 'set', 'dev', port, 'master', bridge, 'up']);
  await guest.ip(['link', 'set', 'dev', 'eth0', 'up']);
}

const gateway = '10.213.9.1';
const leaseG = { mac: '02:00:0a:d5:09:0a', ip: '10.213.9.10', hostname: 'vm-g' };
const macH = '02:00:0a:d5:09:0b';
const ipH = '10.213.9.11';
const setup: CommandOfKind<'SetupNetwork'> = {
  kind: 'SetupNetwork', networkId, cidr: '10.213.9.0/24', gateway, netmask: '255.255.255.0', domain: 'vx.test', dns: [],
  leases: [leaseG], broadcastUri: uri, peers: [addrB, addrA],
};
const nic = (peers?: string[]): NicSpec => ({ id: 'nic-g', networkId, mac: leaseG.mac, broadcastUri: uri, peers, isDefault: true, deviceId: 0 });

test('a guest on host B gets its lease from the router on host A over VXLAN, and keeps reaching it after moving from A to B', { timeout: 180_000 }, async () => {
  const hostA = await createNetns(`${prefix}-ha`);
  namespaces.push(hostA);
  const hostB = await createNetns(`${prefix}-hb`);
  namespaces.push(hostB);
  await run('ip', ['link', 'add', `${prefix}ua`, 'netns', hostA.name, 'type', 'veth', 'peer', 'name', `${prefix}ub`, 'netns', hostB.name]);
  await hostA.ip(['addr', 'add', `${addrA}/30`, 'dev', `${prefix}ua`]);
  await hostB.ip(['addr', 'add', `${addrB}/30`, 'dev', `${prefix}ub`]);
  await hostA.ip(['link', 'set', 'dev', `${prefix}ua`, 'up']);
  await hostB.ip(['link', 'set', 'dev', `${prefix}ub`, 'up']);

  assert.deepEqual(await onHost(hostA, configA, { op: 'setup', cmd: setup }), {});
  const tap = await onHost(hostB, configB, { op: 'plug', instanceName: 'i-2-9-VM', nic: nic([addrA]) });

  const a = await vxlanOn(hostA);
  assert.equal(a.link.linkinfo.info_kind, 'vxlan');
  assert.deepEqual([a.link.linkinfo.info_data.id, a.link.linkinfo.info_data.local, a.link.linkinfo.info_data.port], [vni, addrA, 4789]);
  assert.equal(a.link.linkinfo.info_data.learning, true);
  assert.deepEqual([a.link.mtu, a.link.master], [1450, bridge]);
  assert.deepEqual(a.flood, [addrB], "A floods to B only: its own address is dropped from the peers");
  const b = await vxlanOn(hostB);
  assert.deepEqual([b.link.linkinfo.info_data.id, b.link.linkinfo.info_data.local, b.link.mtu, b.link.master], [vni, addrB, 1450, bridge]);
  assert.deepEqual(b.flood, [addrA]);
  assert.match((await hostB.ip(['-o', 'link', 'show', 'dev', String(tap)])).stdout, new RegExp(`master ${bridge} `));
  const routerEth0 = await run('ip', ['-n', routerNetns(prefix, networkId), '-o', 'link', 'show', 'dev', 'eth0']);
  assert.match(routerEth0.stdout, / mtu 1450 /, 'the router sends nothing bigger than the tunnel carries');

  // The flood list follows the peers given, and is left alone when none are.
  await onHost(hostB, configB, { op: 'plug', instanceName: 'i-2-9-VM', nic: nic([addrA, '10.231.0.9']) });
  assert.deepEqual((await vxlanOn(hostB)).flood, [addrA, '10.231.0.9']);
  await onHost(hostB, configB, { op: 'plug', instanceName: 'i-2-9-VM', nic: nic([addrA]) });
  await onHost(hostB, configB, { op: 'plug', instanceName: 'i-2-9-VM', nic: nic() });
  assert.deepEqual((await vxlanOn(hostB)).flood, [addrA]);
  // A device left with another VNI is made again with the one asked for.
  const otherVni = (vni % 16_777_215) + 1;
  await onHost(hostB, configB, { op: 'plug', instanceName: 'i-2-9-VM', nic: { ...nic([addrA]), broadcastUri: `vxlan://${otherVni}` } });
  assert.equal((await vxlanOn(hostB)).link.linkinfo.info_data.id, otherVni);
  await onHost(hostB, configB, { op: 'plug', instanceName: 'i-2-9-VM', nic: nic([addrA]) });
  const again = await vxlanOn(hostB);
  assert.deepEqual([again.link.linkinfo.info_data.id, again.link.master, again.link.mtu, again.flood], [vni, bridge, 1450, [addrA]]);

  // Guest G on B: DHCP across the tunnel, with the tunnel's MTU; then full-size pings to the gateway.
  const g = await createNetns(`${prefix}-g`);
  namespaces.push(g);
  await attachGuest(g, hostB, `${prefix}gb`, leaseG.mac);
  const script = join(configB.stateDir, 'udhcpc.sh');
  writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] || exit 0\nip link set dev "$interface" mtu "$mtu"\nip addr add "$ip/$mask" dev "$interface"\necho "LEASE $ip $hostname $router $mtu"\n', { mode: 0o755 });
  const lease = await g.exec('busybox', ['udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-s', script, '-t', '5', '-T', '2', '-O', 'hostname', '-O', 'mtu'], { timeoutMs: 60_000 });
  assert.match(lease.stdout, new RegExp(`^LEASE ${leaseG.ip} vm-g ${gateway} 1450$`, 'm'));
  // 1422 bytes of ICMP payload make a 1450-byte packet: the largest the guest sends, carried whole.
  await g.exec('busybox', ['ping', '-c', '2', '-W', '5', '-s', '1422', gateway], { timeoutMs: 30_000 });

  // Guest H starts on A and talks to G across the tunnel (both hosts learn where the other's MAC is) ...
  const h = await createNetns(`${prefix}-h`);
  namespaces.push(h);
  await attachGuest(h, hostA, `${prefix}ha`, macH);
  await h.ip(['link', 'set', 'dev', 'eth0', 'mtu', '1450']);
  await h.ip(['addr', 'add', `${ipH}/24`, 'dev', 'eth0']);
  await h.exec('busybox', ['ping', '-c', '2', '-W', '5', leaseG.ip], { timeoutMs: 30_000 });
  // ... then "migrates" to B: its port on A goes, one on B comes with the same MAC and address. The router on A and
  // guest G still reach it, and it still reaches the router.
  await hostA.ip(['link', 'del', 'dev', `${prefix}ha`]);
  await attachGuest(h, hostB, `${prefix}hb`, macH);
  await h.ip(['link', 'set', 'dev', 'eth0', 'mtu', '1450']);
  await h.ip(['addr', 'add', `${ipH}/24`, 'dev', 'eth0']);
  await h.exec('busybox', ['ping', '-c', '2', '-W', '5', gateway], { timeoutMs: 30_000 });
  await run('ip', ['netns', 'exec', routerNetns(prefix, networkId), 'busybox', 'ping', '-c', '2', '-W', '5', ipH], { timeoutMs: 30_000 });
  await g.exec('busybox', ['ping', '-c', '2', '-W', '5', ipH], { timeoutMs: 30_000 });

  // DestroyNetwork keeps the bridge and VXLAN device of a host whose guests still hang on them (the router going
  // must not cut them off), and removes them once none does, on the router's host and on a host with only NICs.
  const leftOn = async (host: TestNetns) => (await host.ip(['-o', 'link', 'show'])).stdout;
  assert.deepEqual(await onHost(hostB, configB, { op: 'destroy', networkId }), {});
  assert.match(await leftOn(hostB), new RegExp(`${vxlan}.*master ${bridge}`), 'guest G still hangs on the bridge of host B');
  await hostB.ip(['link', 'del', 'dev', String(tap)]);
  assert.deepEqual(await onHost(hostA, configA, { op: 'destroy', networkId }), {});
  assert.deepEqual(await onHost(hostB, configB, { op: 'destroy', networkId }), {});
  for (const host of [hostA, hostB]) {
    const { stdout } = await host.ip(['-o', 'link', 'show']);
    assert.doesNotMatch(stdout, new RegExp(`${vxlan}|${bridge}`), `nothing of the network is left on ${host.name}`);
  }
  assert.equal(await netnsExists(routerNetns(prefix, networkId)), false);
});
