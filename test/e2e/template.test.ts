import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../packages/agent/src/exec.ts';
import { createNetns, uniquePrefix, type TestNetns } from '../support/netns.ts';
import { repoRoot } from '../support/server.ts';

// Boots the template with qemu (TCG) on a bridge where dnsmasq gives a fixed lease with a hostname, and checks that
// the guest took its address and name from DHCP and serves them over HTTP.

const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), `${prefix}-template-`));
const children: ChildProcess[] = [];
let ns: TestNetns | undefined;

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  await ns?.delete();
  rmSync(dir, { recursive: true, force: true });
});

function start(file: string, args: string[]): ChildProcess {
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return child;
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

test('the nimbus-tiny template boots, takes address and hostname from DHCP, and serves its hostname', { timeout: 300_000 }, async () => {
  const built = await run('bash', [join(repoRoot, 'scripts/build-template.sh'), dir], { timeoutMs: 240_000 });
  const image = built.stdout.trim();
  assert.equal(image, join(dir, 'nimbus-tiny.qcow2'));
  const again = await run('bash', [join(repoRoot, 'scripts/build-template.sh'), dir]);
  assert.equal(again.stdout.trim(), image, 'a second build of an up-to-date template only prints its path');
  assert.doesNotMatch(again.stderr, /built/);

  ns = await createNetns(`${prefix}-tpl`);
  await ns.ip(['link', 'add', 'br0', 'type', 'bridge']);
  await ns.ip(['addr', 'add', '10.99.0.1/24', 'dev', 'br0']);
  await ns.ip(['link', 'set', 'br0', 'up']);
  await ns.ip(['tuntap', 'add', 'dev', 'tap0', 'mode', 'tap']);
  await ns.ip(['link', 'set', 'tap0', 'master', 'br0', 'up']);

  const mac = '52:54:00:4e:00:2a';
  const ip = '10.99.0.42';
  const hostname = `tpl-${prefix}`;
  writeFileSync(join(dir, 'hosts'), `${mac},${ip},${hostname}\n`);
  // --user=root: dnsmasq reads the hosts file after dropping privileges, and the mkdtemp directory is 0700.
  const dnsmasq = start('ip', ['netns', 'exec', ns.name, 'dnsmasq', '--keep-in-foreground', '--conf-file=/dev/null',
    '--bind-interfaces', '--interface=br0', '--except-interface=lo', '--no-ping', '--dhcp-authoritative', '--no-resolv',
    '--no-hosts', '--port=0', '--user=root', '--dhcp-range=10.99.0.0,static,255.255.255.0,1h', `--dhcp-hostsfile=${join(dir, 'hosts')}`,
    `--dhcp-leasefile=${join(dir, 'leases')}`]);
  let dnsmasqErr = '';
  dnsmasq.stderr?.on('data', (d) => (dnsmasqErr += d));

  const clone = join(dir, 'clone.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', image, clone]);
  const serial = join(dir, 'serial.log');
  const qemu = start('ip', ['netns', 'exec', ns.name, 'qemu-system-x86_64', '-accel', 'tcg,thread=single,tb-size=32',
    '-cpu', 'max', '-m', '128', '-smp', '1', '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    '-serial', `file:${serial}`, '-drive', `file=${clone},if=virtio,format=qcow2`,
    '-netdev', 'tap,id=n0,ifname=tap0,script=no,downscript=no', '-device', `virtio-net-pci,netdev=n0,mac=${mac}`]);
  let qemuErr = '';
  qemu.stderr?.on('data', (d) => (qemuErr += d));

  const ready = await waitFor('NIMBUS-READY on the serial console', 60_000, () => {
    if (qemu.exitCode !== null) throw new Error(`qemu exited (${qemu.exitCode}): ${qemuErr}`);
    if (dnsmasq.exitCode !== null) throw new Error(`dnsmasq exited (${dnsmasq.exitCode}): ${dnsmasqErr}`);
    let log = '';
    try {
      log = readFileSync(serial, 'utf8');
    } catch {
      return undefined;
    }
    return /NIMBUS-READY .*/.exec(log)?.[0];
  });
  assert.equal(ready.trim(), `NIMBUS-READY hostname=${hostname} ip=${ip}`);

  const page = await ns.exec('curl', ['-sS', '--max-time', '10', `http://${ip}/`]);
  assert.equal(page.stdout.trim(), `<h1>hello from ${hostname}</h1>`);
});
