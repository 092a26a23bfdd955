import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandOfKind } from '@nimbus/protocol';
import { createNetns, uniquePrefix, type TestNetns } from '../../../../../test/support/netns.ts';
import type { AgentConfig } from '../../config.ts';
import { run } from '../../exec.ts';
import { runningDnsmasq } from '../dnsmasq.ts';
import { bridgeName, networkDir, routerNetns } from '../names.ts';
import { netnsExists } from '../router.ts';
import { uplinkVeth } from './uplink.ts';

// Real namespaces, nftables and traffic (needs root). Namespace "pub" plays the host: the agent's code runs in it
// (nat-host.fixture.ts under nsenter), so the public bridge, with the public gateway address, and the guest bridge
// live there and never in the machine's own namespace. A guest namespace hangs on the guest bridge; servers in "pub"
// stand for the outside. Everything is named with this run's prefix and removed in `after`.

const prefix = uniquePrefix();
const networkId = randomUUID();
const stateDir = mkdtempSync(join(tmpdir(), `${prefix}-nat-`));
const config = { prefix, stateDir, address: '127.0.0.1' } as AgentConfig;
const fixture = join(import.meta.dirname, 'nat-host.fixture.ts');
const router = routerNetns(prefix, networkId);
const publicGateway = '100.64.77.1';
const sourceNat = '100.64.77.10';
const staticIp = '100.64.77.11';
const guestIp = '10.214.77.10';
const guestIp2 = '10.214.77.20';
const namespaces: TestNetns[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
let pub: TestNetns | undefined;

after(async () => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  if (pub) await host(pub, { op: 'destroy', networkId }).catch(() => undefined);
  const dnsmasq = runningDnsmasq(networkDir(config, networkId));
  if (dnsmasq) process.kill(dnsmasq.pid, 'SIGKILL');
  if (await netnsExists(router)) await run('ip', ['netns', 'del', router]);
  for (const ns of namespaces.reverse()) await ns.delete().catch(() => undefined);
  rmSync(stateDir, { recursive: true, force: true });
});

/** Runs one agent request in the "pub" namespace, as the host's agent would. */
async function host(ns: TestNetns, request: object): Promise<unknown> {
  const { stdout } = await run('nsenter', [`--net=/run/netns/${ns.name}`, process.execPath, fixture, JSON.stringify({ config, ...request })], { timeoutMs: 60_000 });
  return JSON.parse(stdout);
}

/** A node program running in a namespace (killed in `after`); resolves once it prints `ready`. */
async function start(ns: TestNetns, program: string): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn('ip', ['netns', 'exec', ns.name, process.execPath, '-e', program]);
  children.push(child);
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
    child.on('exit', (code) => reject(new Error(`server in ${ns.name} exited (${code}): ${out}`)));
  });
  return child;
}

/** HTTP servers answering with their tag and the peer's address on `http` ports, TCP echo servers on `echo` ports. */
const servers = (tag: string, http: number[], echo: number[] = []) => `
  const http = require('node:http'); const net = require('node:net'); let n = ${http.length + echo.length};
  const up = () => --n || console.log('ready');
  for (const port of ${JSON.stringify(http)}) http.createServer((q, s) => s.end('${tag} ' + q.socket.remoteAddress)).listen(port, '0.0.0.0', up);
  for (const port of ${JSON.stringify(echo)}) net.createServer((c) => c.pipe(c)).listen(port, '0.0.0.0', up);`;

const curl = (ns: TestNetns, url: string, extra: string[] = []) => ns.exec('curl', ['-sS', '--max-time', '4', ...extra, url], { timeoutMs: 20_000 }).then((r) => r.stdout);

const rules = (firewall: CommandOfKind<'ApplyNetworkRules'>['firewall']): CommandOfKind<'ApplyNetworkRules'> => ({
  kind: 'ApplyNetworkRules',
  networkId,
  publicIps: [
    { id: 'ip-s', ip: sourceNat, sourceNat: true, gateway: publicGateway, netmask: '255.255.255.0' },
    { id: 'ip-n', ip: staticIp, sourceNat: false, staticNatTo: guestIp2, gateway: publicGateway, netmask: '255.255.255.0' },
  ],
  portForwards: [
    { id: 'pf-web', publicIp: sourceNat, protocol: 'tcp', publicPorts: [8080, 8080], guestIp, privatePorts: [80, 80] },
    { id: 'pf-echo', publicIp: sourceNat, protocol: 'tcp', publicPorts: [7000, 7000], guestIp, privatePorts: [7000, 7000] },
  ],
  staticNats: [{ publicIp: staticIp, guestIp: guestIp2 }],
  firewall: [{ id: 'fw-echo', publicIp: sourceNat, protocol: 'tcp', ports: [7000, 7000], sourceCidrs: ['0.0.0.0/0'] }, ...firewall],
  egress: [{ id: 'eg-9000', protocol: 'tcp', ports: [9000, 9000], sourceCidrs: [], destCidrs: ['0.0.0.0/0'] }],
  guestCidr: '10.214.77.0/24',
  egressDefaultAllow: true,
});

test('a router gets its public side: port forwarding behind the firewall, source and static NAT, egress rules, open connections kept', { timeout: 180_000 }, async () => {
  pub = await createNetns(`${prefix}-pub`);
  namespaces.push(pub);
  const setup: CommandOfKind<'SetupNetwork'> = {
    kind: 'SetupNetwork', networkId, cidr: '10.214.77.0/24', gateway: '10.214.77.1', netmask: '255.255.255.0', domain: 'nat.test', dns: [], leases: [],
  };
  assert.deepEqual(await host(pub, { op: 'setup', cmd: setup }), {});

  const guest = await createNetns(`${prefix}-g`);
  namespaces.push(guest);
  await pub.ip(['link', 'add', `${prefix}gv`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', guest.name]);
  await pub.ip(['link', 'set', 'dev', `${prefix}gv`, 'master', bridgeName(prefix, networkId), 'up']);
  await guest.ip(['addr', 'add', `${guestIp}/24`, 'dev', 'eth0']);
  await guest.ip(['addr', 'add', `${guestIp2}/24`, 'dev', 'eth0']);
  await guest.ip(['link', 'set', 'dev', 'eth0', 'up']);
  await guest.ip(['route', 'add', 'default', 'via', '10.214.77.1']);
  await start(guest, servers('guest', [80], [7000]));
  await start(pub, servers('outside', [8000, 9000]));

  assert.deepEqual(await host(pub, { op: 'rules', cmd: rules([]) }), {});
  const eth1 = await run('ip', ['-n', router, '-4', '-o', 'addr', 'show', 'dev', 'eth1']);
  assert.match(eth1.stdout, /inet 100\.64\.77\.10\/24 /);
  assert.match(eth1.stdout, /inet 100\.64\.77\.11\/24 /);
  assert.match((await pub.ip(['-4', '-o', 'addr', 'show', 'dev', `${prefix}pub0`])).stdout, /inet 100\.64\.77\.1\/24 /, 'the host is the public gateway');

  // (a) A port forward opens nothing until a firewall rule does.
  await assert.rejects(curl(pub, `http://${sourceNat}:8080/`), 'no firewall rule: the forward is closed');
  // (b) Source NAT, (c) static NAT, (d) an egress rule denies its port.
  assert.equal(await curl(guest, `http://${publicGateway}:8000/`), `outside ${sourceNat}`);
  assert.equal(await curl(guest, `http://${publicGateway}:8000/`, ['--interface', guestIp2]), `outside ${staticIp}`);
  await assert.rejects(curl(guest, `http://${publicGateway}:9000/`), 'egress rule on tcp 9000');

  // (e) A connection through a port forward, held open across a rule change.
  const nc = spawn('ip', ['netns', 'exec', pub.name, 'busybox', 'nc', sourceNat, '7000']);
  children.push(nc);
  const echoed = async (line: string) => {
    nc.stdin.write(`${line}\n`);
    const [data] = (await Promise.race([once(nc.stdout, 'data'), new Promise((_, reject) => setTimeout(() => reject(new Error(`no echo of ${line}`)), 10_000))])) as [Buffer];
    assert.equal(data.toString(), `${line}\n`);
  };
  await echoed('before');

  const opened = rules([{ id: 'fw-web', publicIp: sourceNat, protocol: 'tcp', ports: [8080, 8080], sourceCidrs: ['100.64.77.0/24'] }]);
  assert.deepEqual(await host(pub, { op: 'rules', cmd: opened }), {});
  assert.deepEqual(await host(pub, { op: 'rules', cmd: opened }), {}, 'a repeat is fine');
  assert.equal(await curl(pub, `http://${sourceNat}:8080/`), `guest ${publicGateway}`, 'the firewall rule opens the forward');
  await echoed('after');
  assert.equal(await curl(guest, `http://${sourceNat}:8080/`), 'guest 10.214.77.1', 'hairpin: a guest reaches its own port forward, from the gateway');
  await assert.rejects(curl(pub, `http://${staticIp}:80/`), 'static NAT: nothing opened on that address');

  // A refused rule set changes nothing.
  const clash = { ...opened, portForwards: [...opened.portForwards, { ...opened.portForwards[0]!, id: 'pf-clash' }] };
  await assert.rejects(host(pub, { op: 'rules', cmd: clash }), /port forwards pf-web and pf-clash both catch tcp port 8080/);
  assert.equal(await curl(pub, `http://${sourceNat}:8080/`), `guest ${publicGateway}`);

  // Without public addresses the network is private again: no uplink, no table.
  assert.deepEqual(await host(pub, { op: 'rules', cmd: { ...opened, publicIps: [], portForwards: [], staticNats: [], firewall: [] } }), {});
  await assert.rejects(pub.ip(['link', 'show', 'dev', uplinkVeth(prefix, networkId)]), /does not exist/);
  await assert.rejects(run('ip', ['netns', 'exec', router, 'nft', 'list', 'table', 'ip', 'nimbus']), /No such file or directory/);
  await assert.rejects(curl(guest, `http://${publicGateway}:8000/`));

  // A network whose router is not on this host: taking its addresses away is done, giving it some is refused.
  const elsewhere = { ...opened, networkId: randomUUID() };
  assert.deepEqual(await host(pub, { op: 'rules', cmd: { ...elsewhere, publicIps: [], portForwards: [], staticNats: [], firewall: [] } }), {});
  await assert.rejects(host(pub, { op: 'rules', cmd: elsewhere }), /has no router on this host .*SetupNetwork must come first/);
});
