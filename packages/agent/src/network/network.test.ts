import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandOfKind } from '@nimbus/protocol';
import { createNetns, linkExists } from '../../../../test/support/netns.ts';
import { run } from '../exec.ts';
import { destroyNetwork, setupNetwork } from '../handlers/network.ts';
import { runningDnsmasq } from './dnsmasq.ts';
import { bridgeName, networkDir, routerNetns, routerVeth } from './names.ts';
import { plugNic, unplugNic } from './nics.ts';
import { netnsExists } from './router.ts';
import { routerFixture } from './test-support.ts';

// Real devices, namespaces and dnsmasq (needs root), all named with a prefix of this run's own.

const fx = routerFixture('cv0');
const { prefix, stateDir, ctx, networkId, clientVeth } = fx;

const setup = (leases: CommandOfKind<'SetupNetwork'>['leases']): CommandOfKind<'SetupNetwork'> => ({
  kind: 'SetupNetwork',
  networkId,
  cidr: '10.213.7.0/24',
  gateway: '10.213.7.1',
  netmask: '255.255.255.0',
  domain: 'nimbus.test',
  dns: [],
  leases,
});
const vmA = { mac: '02:00:0a:d5:07:0a', ip: '10.213.7.10', hostname: 'vm-a' };
const vmB = { mac: '02:00:0a:d5:07:0b', ip: '10.213.7.11', hostname: 'vm-b' };

test('SetupNetwork brings up bridge, router namespace and dnsmasq; a repeat keeps them; DestroyNetwork removes all', { timeout: 120_000 }, async () => {
  const dir = networkDir(ctx.config, networkId);
  const ns = routerNetns(prefix, networkId);
  const bridge = bridgeName(prefix, networkId);
  const veth = routerVeth(prefix, networkId);

  assert.deepEqual(await setupNetwork(ctx, setup([vmA])), {});
  assert.ok(await linkExists(bridge), 'bridge');
  assert.ok(await netnsExists(ns), 'router namespace');
  const master = await run('ip', ['-o', 'link', 'show', 'dev', veth]);
  assert.match(master.stdout, new RegExp(`master ${bridge} .*state UP`));
  const eth0 = await run('ip', ['-n', ns, '-4', '-o', 'addr', 'show', 'dev', 'eth0']);
  assert.match(eth0.stdout, /inet 10\.213\.7\.1\/24 /);
  const first = runningDnsmasq(dir);
  assert.ok(first, 'dnsmasq runs');
  assert.equal(readFileSync(join(dir, 'hosts'), 'utf8'), `${vmA.mac},${vmA.ip},vm-a\n`);

  assert.deepEqual(await setupNetwork(ctx, setup([vmA])), {});
  assert.equal(runningDnsmasq(dir)?.pid, first.pid, 'an identical SetupNetwork keeps dnsmasq');

  await setupNetwork(ctx, setup([vmA, vmB]));
  assert.equal(runningDnsmasq(dir)?.pid, first.pid, 'a new lease is a reload, not a restart');
  assert.equal(readFileSync(join(dir, 'hosts'), 'utf8'), `${vmA.mac},${vmA.ip},vm-a\n${vmB.mac},${vmB.ip},vm-b\n`);
  assert.match(readFileSync(join(dir, 'dns-hosts'), 'utf8'), /^10\.213\.7\.11 vm-b\.nimbus\.test vm-b$/m);

  // A DHCP client with vm-b's MAC on the bridge gets vm-b's address and name, and the router resolves vm-a.
  const client = (fx.client = await createNetns(`${prefix}-dhcp`));
  await run('ip', ['link', 'add', clientVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'address', vmB.mac, 'netns', client.name]);
  await run('ip', ['link', 'set', 'dev', clientVeth, 'master', bridge, 'up']);
  await client.ip(['link', 'set', 'dev', 'eth0', 'up']);
  const script = join(stateDir, 'udhcpc.sh');
  writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] || exit 0\nip addr add "$ip/$mask" dev "$interface"\necho "LEASE $ip $hostname $router $dns"\n', { mode: 0o755 });
  const lease = await client.exec('busybox', ['udhcpc', '-i', 'eth0', '-n', '-q', '-f', '-s', script, '-t', '5', '-T', '1', '-O', 'hostname'], { timeoutMs: 30_000 });
  assert.match(lease.stdout, /^LEASE 10\.213\.7\.11 vm-b 10\.213\.7\.1 10\.213\.7\.1$/m);
  const dns = await client.exec('busybox', ['nslookup', '-type=a', 'vm-a.nimbus.test', '10.213.7.1'], { timeoutMs: 15_000 });
  assert.match(dns.stdout, /Address: 10\.213\.7\.10/);

  // dnsmasq that died is started again by the next SetupNetwork.
  process.kill(first.pid, 'SIGKILL');
  await waitUntil(() => runningDnsmasq(dir) === undefined);
  await setupNetwork(ctx, setup([vmA, vmB]));
  const restarted = runningDnsmasq(dir);
  assert.ok(restarted && restarted.pid !== first.pid, 'restarted');

  // A router namespace deleted under a running dnsmasq is rebuilt, with a dnsmasq inside the new one.
  await run('ip', ['netns', 'del', ns]);
  await setupNetwork(ctx, setup([vmA, vmB]));
  const second = runningDnsmasq(dir);
  assert.ok(second && second.pid !== restarted.pid, 'moved to the new namespace');
  assert.match((await run('ip', ['-n', ns, '-4', '-o', 'addr', 'show', 'dev', 'eth0'])).stdout, /inet 10\.213\.7\.1\/24 /);
  assert.equal((await run('ip', ['netns', 'pids', ns])).stdout.trim(), String(second.pid));

  assert.deepEqual(await destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId }), {});
  assert.equal(await netnsExists(ns), false, 'router namespace gone');
  assert.equal(await linkExists(bridge), false, 'bridge gone');
  assert.equal(await linkExists(veth), false, 'veth gone');
  assert.equal(existsSync(`/proc/${second.pid}/cmdline`) && readFileSync(`/proc/${second.pid}/cmdline`, 'utf8') !== '', false, 'dnsmasq gone');
  assert.equal(existsSync(dir), false, 'state directory gone');
  assert.deepEqual(await destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId }), {}, 'destroying twice is fine');
});

test('SetupNetwork refuses a bad CIDR with a message that names it', async () => {
  const networkId = randomUUID();
  await assert.rejects(setupNetwork(ctx, { ...setup([]), networkId, cidr: '10.213.7.0/40' }), /'10\.213\.7\.0\/40' is not an IPv4 CIDR/);
  assert.equal(await netnsExists(routerNetns(prefix, networkId)), false, 'a refused command makes no namespace');
  assert.equal(await linkExists(bridgeName(prefix, networkId)), false, 'nor a bridge');
});

test('plugNic puts a tap on the network bridge, reuses it, and unplugNic removes it', async () => {
  const otherNet = randomUUID();
  const nic = { id: 'nic-1', networkId: otherNet, mac: '02:00:00:00:01:01', isDefault: true, deviceId: 0 };
  const bridge = bridgeName(prefix, otherNet);
  try {
    const tap = await plugNic(ctx, 'i-2-3-VM', nic);
    assert.equal(await plugNic(ctx, 'i-2-3-VM', nic), tap, 'an existing tap is reused');
    const show = await run('ip', ['-o', 'link', 'show', 'dev', tap]);
    assert.match(show.stdout, new RegExp(`master ${bridge} `));
    await unplugNic(ctx, tap);
    assert.equal(await linkExists(tap), false);
    await unplugNic(ctx, tap);
    await assert.rejects(unplugNic(ctx, 'eth0'), /not one of this agent's devices/);
  } finally {
    await run('ip', ['link', 'del', 'dev', bridge]).catch(() => undefined);
  }
});

async function waitUntil(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
