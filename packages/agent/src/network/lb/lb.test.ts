import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandOfKind, LoadBalancerSpec } from '@nimbus/protocol';
import { createNetns, type TestNetns } from '../../../../../test/support/netns.ts';
import { publicBridge } from '../../config.ts';
import { run } from '../../exec.ts';
import { setupNetwork } from '../../handlers/network.ts';
import { applyNetworkRules } from '../../handlers/network-rules.ts';
import { bridgeName, networkDir } from '../names.ts';
import { cmdline, signal, sleep } from '../process.ts';
import { routerFixture } from '../test-support.ts';
import { runningLoadBalancer } from './haproxy.ts';

// Real namespaces, nftables, haproxy and traffic (needs root). The agent's code runs in the machine's namespace with
// a public bridge of this run's prefix that holds no address (ownPublicGateway false); namespace "pub" hangs on it and
// plays the outside, two guest namespaces on the network's bridge run busybox httpd answering different bodies.

const children: ChildProcessWithoutNullStreams[] = [];
const namespaces: TestNetns[] = [];
const haproxies = new Set<number>();
const fx = routerFixture('lv0');
const { prefix, stateDir, networkId } = fx;
const ctx = { ...fx.ctx, config: { ...fx.ctx.config, ownPublicGateway: false } };
const dir = networkDir(ctx.config, networkId);
const gateway = '100.64.78.1';
const publicIp = '100.64.78.10';
const guests = { a: { vmId: 'a0a0a0a0-0000-4000-8000-00000000000a', ip: '10.215.78.10' }, b: { vmId: 'b0b0b0b0-0000-4000-8000-00000000000b', ip: '10.215.78.20' } };

after(async () => {
  for (const child of children) if (child.exitCode === null && child.pid) signal(child.pid, 'SIGKILL');
  // Only haproxy processes of this run (their command line names its state directory), by pid.
  for (const pid of haproxies) if (cmdline(pid)?.some((a) => a.startsWith(stateDir))) signal(pid, 'SIGKILL');
  for (const link of [`${prefix}pv`, `${prefix}ga`, `${prefix}gb`, publicBridge(ctx.config)]) await run('ip', ['link', 'del', 'dev', link]).catch(() => undefined);
  for (const ns of namespaces) await ns.delete().catch(() => undefined);
});

/** A program in a namespace (killed in `after`). */
function spawnIn(ns: TestNetns, file: string, args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn('ip', ['netns', 'exec', ns.name, file, ...args]);
  children.push(child);
  return child;
}

/** A TCP client in `ns`: prints `ready` once connected, sends its payload on the first line of stdin, then prints what it got until the server closed. */
function client(ns: TestNetns, port: number, payload: string): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; answer: Promise<string> } {
  const child = spawnIn(ns, process.execPath, [
    '-e',
    `const s = require('node:net').connect(${port}, '${publicIp}', () => console.log('ready')); let out = '';
     s.on('data', (d) => (out += d)); s.on('close', () => process.stdout.write('ANSWER ' + out, () => process.exit(0))); s.on('error', (e) => console.error(e.message));
     process.stdin.once('data', () => s.write(${JSON.stringify(payload)}));`,
  ]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => (out.includes('ready') ? resolve() : undefined));
    child.on('exit', () => reject(new Error(`client to ${port} exited before connecting: ${out}`)));
  });
  const answer = once(child, 'exit').then(() => out.slice(out.indexOf('ANSWER ') + 7));
  return { child, ready, answer };
}

const curl = (ns: TestNetns, port = 80) => ns.exec('curl', ['-sS', '--max-time', '3', `http://${publicIp}:${port}/`], { timeoutMs: 10_000 }).then((r) => r.stdout.trim());

/** haproxy's view of its servers (`show stat` on the stats socket): `<rule>/<server>` → status. */
async function serverStatus(): Promise<Map<string, string>> {
  const socket = connect(join(dir, 'haproxy.sock'));
  socket.end('show stat\n');
  let csv = '';
  for await (const chunk of socket) csv += String(chunk);
  return new Map(csv.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',')).map((f) => [`${f[0]}/${f[1]}`, f[17] ?? '']));
}

async function guest(tag: 'a' | 'b'): Promise<{ ns: TestNetns; httpd: ChildProcessWithoutNullStreams }> {
  const ns = await createNetns(`${prefix}-g${tag}`);
  namespaces.push(ns);
  await run('ip', ['link', 'add', `${prefix}g${tag}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.name]);
  await run('ip', ['link', 'set', 'dev', `${prefix}g${tag}`, 'master', bridgeName(prefix, networkId), 'up']);
  await ns.ip(['addr', 'add', `${guests[tag].ip}/24`, 'dev', 'eth0']);
  await ns.ip(['link', 'set', 'dev', 'eth0', 'up']);
  await ns.ip(['route', 'add', 'default', 'via', '10.215.78.1']);
  const www = join(stateDir, `www-${tag}`);
  mkdirSync(www);
  writeFileSync(join(www, 'index.html'), `guest-${tag}\n`);
  const httpd = spawnIn(ns, 'busybox', ['httpd', '-f', '-p', '80', '-h', www]);
  for (let i = 0; ; i++) {
    if (await ns.exec('curl', ['-sf', '--max-time', '1', 'http://127.0.0.1/']).then(() => true, () => false)) break;
    if (i > 50) throw new Error(`httpd in ${ns.name} does not answer`);
    await sleep(100);
  }
  return { ns, httpd };
}

const healthCheck = { pingPath: '/', intervalSeconds: 1, responseTimeoutSeconds: 1, healthyThreshold: 1, unhealthyThreshold: 2 };
const web: LoadBalancerSpec = {
  id: 'lb-web', publicIp, publicPort: 80, privatePort: 80, algorithm: 'roundrobin', protocol: 'tcp', sourceCidrs: [], members: [guests.a, guests.b], healthCheck,
};
const proxied: LoadBalancerSpec = { ...web, id: 'lb-proxy', publicPort: 7001, privatePort: 7000, protocol: 'tcp-proxy', members: [guests.a], healthCheck: undefined };
const open = (port: number) => ({ id: `fw-${port}`, publicIp, protocol: 'tcp' as const, ports: [port, port] as [number, number], sourceCidrs: ['100.64.78.0/24'] });

const rules = (loadBalancers: LoadBalancerSpec[], firewall: CommandOfKind<'ApplyNetworkRules'>['firewall']): CommandOfKind<'ApplyNetworkRules'> => ({
  kind: 'ApplyNetworkRules',
  networkId,
  publicIps: [{ id: 'ip-s', ip: publicIp, sourceNat: true, gateway, netmask: '255.255.255.0' }],
  portForwards: [],
  staticNats: [],
  firewall,
  egress: [],
  loadBalancers,
  guestCidr: '10.215.78.0/24',
});

async function apply(cmd: CommandOfKind<'ApplyNetworkRules'>): Promise<number | undefined> {
  assert.deepEqual(await applyNetworkRules(ctx, cmd), {});
  const pid = runningLoadBalancer(dir)?.pid;
  if (pid) haproxies.add(pid);
  return pid;
}

test('the router load-balances public traffic behind the firewall; reloads keep connections; health checks take a member out', { timeout: 90_000 }, async () => {
  assert.deepEqual(await setupNetwork(ctx, { kind: 'SetupNetwork', networkId, cidr: '10.215.78.0/24', gateway: '10.215.78.1', netmask: '255.255.255.0', dns: [], leases: [] }), {});
  const pub = await createNetns(`${prefix}-pub`);
  namespaces.push(pub);
  await run('ip', ['link', 'add', `${prefix}pv`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pub.name]);
  await run('ip', ['link', 'add', publicBridge(ctx.config), 'type', 'bridge']);
  await run('ip', ['link', 'set', 'dev', publicBridge(ctx.config), 'up']);
  await run('ip', ['link', 'set', 'dev', `${prefix}pv`, 'master', publicBridge(ctx.config), 'up']);
  await pub.ip(['addr', 'add', `${gateway}/24`, 'dev', 'eth0']);
  await pub.ip(['link', 'set', 'dev', 'eth0', 'up']);
  const a = await guest('a');
  const b = await guest('b');
  const proxyServer = spawnIn(a.ns, process.execPath, ['-e', `require('node:net').createServer((c) => c.once('data', (d) => c.end(String(d).split('\\r\\n')[0]))).listen(7000, () => console.log('ready'))`]);
  await once(proxyServer.stdout, 'data');

  // No firewall rule: haproxy listens, but the router's input chain keeps the port closed.
  const first = await apply(rules([web], []));
  assert.ok(first, 'haproxy runs');
  assert.match(readFileSync(`/proc/${first}/status`, 'utf8'), /^Uid:\s+65534\s/m, 'without root privileges');
  await assert.rejects(curl(pub), 'closed without a firewall rule');

  // A firewall rule opens it (an nft change only: haproxy is not touched), and requests split across both guests.
  assert.equal(await apply(rules([web], [open(80)])), first, 'an unrelated rule change keeps haproxy');
  const bodies = [];
  for (let i = 0; i < 4; i++) bodies.push(await curl(pub));
  assert.deepEqual(bodies.toSorted(), ['guest-a', 'guest-a', 'guest-b', 'guest-b']);
  assert.equal(await apply(rules([web], [open(80)])), first, 'an unchanged configuration keeps haproxy');

  // Stickiness with real requests: a client that keeps haproxy's cookie stays on one guest (one without it does not),
  // and source-based stickiness keeps every request of one address on one guest.
  await apply(rules([{ ...web, stickiness: { method: 'LbCookie', params: { 'cookie-name': 'NIMBUSLB' } } }], [open(80)]));
  const jar = join(stateDir, 'cookies');
  const withCookie = (ns: TestNetns) => ns.exec('curl', ['-sS', '--max-time', '3', '-c', jar, '-b', jar, `http://${publicIp}/`], { timeoutMs: 10_000 }).then((r) => r.stdout.trim());
  const sticky = new Set<string>();
  for (let i = 0; i < 4; i++) sticky.add(await withCookie(pub));
  assert.equal(sticky.size, 1, `one guest for the cookie's holder: ${[...sticky].join(', ')}`);
  assert.match(readFileSync(jar, 'utf8'), /NIMBUSLB/);
  const cookieless = new Set<string>();
  for (let i = 0; i < 4; i++) cookieless.add(await curl(pub));
  assert.equal(cookieless.size, 2, 'round robin for clients without the cookie');
  await apply(rules([{ ...web, stickiness: { method: 'SourceBased', params: { tablesize: '100k', expire: '30m' } } }], [open(80)]));
  const bySource = new Set<string>();
  for (let i = 0; i < 4; i++) bySource.add(await curl(pub));
  assert.equal(bySource.size, 1, `one guest per client address: ${[...bySource].join(', ')}`);
  await apply(rules([web], [open(80)]));

  // A connection held open through lb-web survives the reload that adds a second rule.
  const held = client(pub, 80, 'GET / HTTP/1.0\r\n\r\n');
  await held.ready;
  const second = await apply(rules([web, proxied], [open(80), open(7001)]));
  assert.ok(second && second !== first, 'a new configuration is a reload');
  held.child.stdin.end('go\n');
  assert.match(await held.answer, /^HTTP\/1\.[01] 200 [\s\S]*\r\n\r\nguest-[ab]\n$/);

  // tcp-proxy: the member learns the client's address from a PROXY header.
  const proxy = client(pub, 7001, 'hello\r\n');
  await proxy.ready;
  proxy.child.stdin.end('go\n');
  assert.match(await proxy.answer, new RegExp(`^PROXY TCP4 ${gateway.replace(/\./g, '\\.')} ${publicIp.replace(/\./g, '\\.')} \\d+ 7001$`));

  // Guest b's httpd stops: within the health check's time haproxy marks it down and every request goes to a.
  signal(b.httpd.pid!, 'SIGKILL');
  const deadline = Date.now() + (healthCheck.intervalSeconds * healthCheck.unhealthyThreshold + healthCheck.responseTimeoutSeconds + 2) * 1000;
  while ((await serverStatus()).get('lb-lb-web/b0b0b0b0') !== 'DOWN') {
    assert.ok(Date.now() < deadline, `b is not down in time: ${JSON.stringify([...(await serverStatus())])}`);
    await sleep(200);
  }
  assert.equal((await serverStatus()).get('lb-lb-web/a0a0a0a0'), 'UP');
  for (let i = 0; i < 4; i++) assert.equal(await curl(pub), 'guest-a');

  // A rule without members refuses connections at once (no wait for a timeout): haproxy resets them as it accepts
  // them, which curl sees as a refused connect, a reset, or (reset before curl asked for the peer's address) a
  // socket no longer connected, depending on which comes first. A connection held open
  // across that reload keeps the second haproxy serving it.
  const lingering = client(pub, 80, 'never sent');
  await lingering.ready;
  const third = await apply(rules([{ ...web, members: [] }], [open(80)]));
  assert.ok(third);
  const started = Date.now();
  await assert.rejects(curl(pub), /Couldn't connect|Empty reply|reset|Recv failure|not connected/);
  assert.ok(Date.now() - started < 2_000, 'refused, not timed out');

  assert.ok(cmdline(second), 'the second haproxy still serves the held connection');

  // Without load balancer rules haproxy stops.
  assert.equal(await apply(rules([], [open(80)])), undefined);
  assert.equal(cmdline(third), undefined, 'the haproxy process is gone');
  assert.equal(cmdline(second), undefined, 'so is the one a reload left serving an open connection');
  assert.equal(existsSync(join(dir, 'haproxy.pid')), false);
  await assert.rejects(curl(pub));
});
