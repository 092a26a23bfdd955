import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { AgentConfig } from '../../packages/agent/src/config.ts';
import { run } from '../../packages/agent/src/exec.ts';
import type { AgentContext } from '../../packages/agent/src/handlers/handler.ts';
import { destroyNetwork, setupNetwork } from '../../packages/agent/src/handlers/network.ts';
import { networkDir, routerNetns } from '../../packages/agent/src/network/names.ts';
import { plugNic, unplugNic } from '../../packages/agent/src/network/nics.ts';
import { createNetns, uniquePrefix, type TestNetns } from '../support/netns.ts';
import { repoRoot } from '../support/server.ts';
import { killDaemons } from '../../packages/agent/src/network/metadata/test-support.ts';

// Boots the nimbus-tiny template with qemu (TCG): once on a hand-made bridge and dnsmasq, once on a network the
// agent set up (SetupNetwork + plugNic) with the router's data and password service giving it user data, SSH key and password.

const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), `${prefix}-template-`));
const build = join(repoRoot, 'scripts/build-template.sh');
const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
let image = '';

before(async () => {
  image = (await run('bash', [build, dir], { timeoutMs: 240_000 })).stdout.trim();
});

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
  killDaemons(join(dir, 'agent'));
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a long-running program the test kills at the end; its stderr is kept for failure messages. */
function start(file: string, args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  return { child, stderr: () => err };
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Boots a linked clone of the template on `tap` (in `netns`, or the test's own) and returns its NIMBUS-READY line. */
async function boot(name: string, tap: string, mac: string, netns?: string): Promise<string> {
  const clone = join(dir, `${name}.qcow2`);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', image, clone]);
  const serial = join(dir, `${name}.log`);
  const qemu = start(netns ? 'ip' : 'qemu-system-x86_64', [...(netns ? ['netns', 'exec', netns, 'qemu-system-x86_64'] : []),
    '-accel', 'tcg,thread=single,tb-size=32', '-cpu', 'max', '-m', '128', '-smp', '1', '-nodefaults', '-no-user-config',
    '-display', 'none', '-no-reboot', '-serial', `file:${serial}`, '-drive', `file=${clone},if=virtio,format=qcow2`,
    '-netdev', `tap,id=n0,ifname=${tap},script=no,downscript=no`, '-device', `virtio-net-pci,netdev=n0,mac=${mac}`]);
  const line = await waitFor(`NIMBUS-READY from ${name}`, 60_000, () => {
    if (qemu.child.exitCode !== null) throw new Error(`qemu exited (${qemu.child.exitCode}): ${qemu.stderr()}`);
    return existsSync(serial) ? /NIMBUS-READY .*/.exec(readFileSync(serial, 'utf8'))?.[0] : undefined;
  });
  return line.trim();
}

test('the template builds once, boots, takes address and hostname from DHCP, and serves its hostname', { timeout: 300_000 }, async () => {
  assert.equal(image, join(dir, 'nimbus-tiny.qcow2'));
  const again = await run('bash', [build, dir]);
  assert.equal(again.stdout.trim(), image, 'a second build of an up-to-date template only prints its path');
  assert.doesNotMatch(again.stderr, /built/);

  const ns: TestNetns = await createNetns(`${prefix}-tpl`);
  cleanups.push(() => ns.delete());
  await ns.ip(['link', 'add', 'br0', 'type', 'bridge']);
  await ns.ip(['addr', 'add', '10.99.0.1/24', 'dev', 'br0']);
  await ns.ip(['link', 'set', 'br0', 'up']);
  await ns.ip(['tuntap', 'add', 'dev', 'tap0', 'mode', 'tap']);
  await ns.ip(['link', 'set', 'tap0', 'master', 'br0', 'up']);

  const mac = '52:54:00:4e:00:2a';
  const hostname = `tpl-${prefix}`;
  writeFileSync(join(dir, 'hosts'), `${mac},10.99.0.42,${hostname}\n`);
  // --user=root: dnsmasq reads the hosts file after dropping privileges, and the mkdtemp directory is 0700.
  const dnsmasq = start('ip', ['netns', 'exec', ns.name, 'dnsmasq', '--keep-in-foreground', '--conf-file=/dev/null',
    '--bind-interfaces', '--interface=br0', '--except-interface=lo', '--no-ping', '--dhcp-authoritative', '--no-resolv',
    '--no-hosts', '--port=0', '--user=root', '--dhcp-range=10.99.0.0,static,255.255.255.0,1h',
    `--dhcp-hostsfile=${join(dir, 'hosts')}`, `--dhcp-leasefile=${join(dir, 'leases')}`]);

  const ready = await boot('plain', 'tap0', mac, ns.name);
  assert.equal(ready, `NIMBUS-READY hostname=${hostname} ip=10.99.0.42`, `dnsmasq: ${dnsmasq.stderr()}`);
  const page = await ns.exec('curl', ['-sS', '--max-time', '10', 'http://10.99.0.42/']);
  assert.equal(page.stdout.trim(), `<h1>hello from ${hostname}</h1>`);
});

test('on an agent network the guest gets its lease, user data, SSH key and password from the router', { timeout: 300_000 }, async () => {
  const ctx: AgentContext = { config: { prefix, stateDir: join(dir, 'agent') } as AgentConfig, log: pino({ level: 'silent' }) };
  const networkId = randomUUID();
  const mac = '02:00:0a:d6:08:21';
  const key = join(dir, 'id_ed25519');
  await run('dropbearkey', ['-t', 'ed25519', '-f', key]);
  const publicKey = (await run('dropbearkey', ['-y', '-f', key])).stdout.split('\n').find((l) => l.startsWith('ssh-')) ?? '';
  // The router's own data and password service serves what the server would send along with the network.
  const guestData = [{ ip: '10.214.8.33', userData: Buffer.from('user data for vm-data\n').toString('base64'),
    metaData: { 'instance-id': 'i-2-33-VM', 'local-ipv4': '10.214.8.33' }, publicKeys: [publicKey], password: 'N1mbus-pass' }];
  await setupNetwork(ctx, { kind: 'SetupNetwork', networkId, cidr: '10.214.8.0/24', gateway: '10.214.8.1',
    netmask: '255.255.255.0', domain: 'nimbus.test', dns: [], leases: [{ mac, ip: '10.214.8.33', hostname: 'vm-data' }], guestData });
  cleanups.push(() => destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId }));
  const tap = await plugNic(ctx, 'i-2-33-VM', { id: 'nic-1', networkId, mac, isDefault: true, deviceId: 0 });
  cleanups.push(() => unplugNic(ctx, tap));
  const router = routerNetns(prefix, networkId);

  assert.equal(await boot('agent-net', tap, mac), 'NIMBUS-READY hostname=vm-data ip=10.214.8.33');
  const page = await run('ip', ['netns', 'exec', router, 'curl', '-sS', '--max-time', '10', 'http://10.214.8.33/']);
  assert.equal(page.stdout.trim(), '<h1>hello from vm-data</h1>');
  const ssh = await run('ip', ['netns', 'exec', router, 'dbclient', '-y', '-y', '-i', key, 'root@10.214.8.33',
    'cat /run/user-data; grep ^root: /etc/shadow; cat /etc/resolv.conf'], { timeoutMs: 30_000 });
  assert.match(ssh.stdout, /^user data for vm-data$/m);
  assert.match(ssh.stdout, /^root:\$6\$/m, 'the password server set a root password');
  assert.match(ssh.stdout, /^search nimbus\.test$/m);
  assert.match(ssh.stdout, /^nameserver 10\.214\.8\.1$/m);
  const saved = join(networkDir(ctx.config, networkId), 'metadata/saved/10.214.8.33');
  assert.ok(existsSync(saved), 'the guest acknowledged the password');
});
