import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { link, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { VmSpec } from '@nimbus/protocol';
import pino from 'pino';
import { runDir, type AgentConfig } from '../../config.ts';
import { run } from '../../exec.ts';
import { getHostStats, pingHost } from '../../handlers/host.ts';
import { getVmStats, rebootVm, startVm, stopVm } from '../../handlers/vm.ts';
import { attachVolume, createVolume, deleteVolume, detachVolume } from '../../handlers/volume.ts';
import { deleteLink } from '../../network/links.ts';
import { bridgeName } from '../../network/names.ts';
import { tapName } from '../../network/nics.ts';
import { findGuest } from './guests.ts';
import { qmp } from './qmp.ts';
import { stopGuest } from './lifecycle.ts';
import { isGuestProcess } from './proc.ts';

// Real qemu (TCG) guests booted from the project's tiny template; each boot takes ~5 s here, longer on a busy machine.
const bootTimeoutMs = 60_000;
const MiB = 1024 * 1024;
const tag = `t${randomBytes(2).toString('hex').slice(0, 3)}`;
const dir = await mkdtemp(join(tmpdir(), `nimbus-kvm-${tag}-`));
const config: AgentConfig = {
  servers: [], name: 'h', address: '127.0.0.1', username: 'u', password: 'p',
  stateDir: join(dir, 'state'), localStoragePath: join(dir, 'local'), prefix: tag, accel: 'tcg',
};
const agent = () => ({ config: { ...config }, log: pino({ level: 'silent' }) });
const ctx = agent();
const pool = join(dir, 'pool');
let templateUrl = '';
const started: { name: string; pid: number }[] = [];
const network = `${tag}-net`;

before(async () => {
  const { stdout } = await run('bash', [join(import.meta.dirname, '../../../../../scripts/build-template.sh'), join(dir, 'template')], { timeoutMs: 300_000 });
  templateUrl = pathToFileURL(stdout.trim()).href;
});

after(async () => {
  for (const { name, pid } of started) if (await isGuestProcess(pid, name)) process.kill(pid, 'SIGKILL');
  await deleteLink(bridgeName(tag, network));
  await rm(dir, { recursive: true, force: true });
});

async function guestSpec(name: string): Promise<VmSpec> {
  const root = await createVolume(ctx, { kind: 'CreateVolume', volume: { id: `${name}-root`, name: 'ROOT', poolId: 'p', poolPath: pool, sizeBytes: 128 * MiB }, templatePath: 'template/tiny', templateUrl });
  return { id: name, instanceName: name, cpu: 1, speed: 1000, memory: 96 * MiB, disks: [{ volumeId: `${name}-root`, path: root.path, type: 'ROOT', sizeBytes: root.sizeBytes, deviceId: 0 }], nics: [] };
}

async function start(vm: VmSpec): Promise<number> {
  assert.deepEqual(await startVm(ctx, { kind: 'StartVm', vm }), { vncPort: 0 });
  const guest = await findGuest(ctx, vm.instanceName);
  assert.ok(guest, `${vm.instanceName} runs after StartVm`);
  started.push({ name: vm.instanceName, pid: guest.pid });
  return guest.pid;
}

async function waitForLog(name: string, pattern: RegExp, count = 1): Promise<string> {
  const deadline = Date.now() + bootTimeoutMs;
  for (;;) {
    const log = await readFile(join(runDir(config), `${name}.log`), 'utf8').catch(() => '');
    if ((log.match(new RegExp(pattern, 'g')) ?? []).length >= count) return log;
    if (Date.now() > deadline) assert.fail(`${name}: no ${pattern} (x${count}) on the serial console within ${bootTimeoutMs} ms; log:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runFilesOf(name: string): Promise<string[]> {
  return (await readdir(runDir(config)).catch(() => [])).filter((f) => f.startsWith(`${name}.`));
}

test('a guest boots from a linked clone, is found again by a fresh agent, reboots, and stops by ACPI', async () => {
  const name = `${tag}-a`;
  const vm = await guestSpec(name);
  const pid = await start(vm);
  assert.deepEqual((await runFilesOf(name)).sort(), ['json', 'log', 'pid', 'qmp', 'vnc'].map((e) => `${name}.${e}`));
  await waitForLog(name, /NIMBUS-READY/);

  assert.equal(await start(vm), pid, 'a second StartVm leaves the running guest alone');
  assert.equal((await pingHost(ctx, { kind: 'PingHost' })).vmStates[name], 'PowerOn');
  const restarted = agent();
  assert.equal((await pingHost(restarted, { kind: 'PingHost' })).vmStates[name], 'PowerOn', 'a fresh agent finds the guest from the run dir');
  const { stats } = await getVmStats(restarted, { kind: 'GetVmStats', instanceNames: [name, `${tag}-none`] });
  assert.deepEqual(Object.keys(stats), [name]);
  assert.ok(stats[name].memoryKBs > 10_000, `RSS ${stats[name].memoryKBs} KiB`);
  assert.ok(stats[name].diskReadKBs > 0, 'the boot read the disk');
  assert.ok(stats[name].cpuUtilization >= 0 && stats[name].cpuUtilization <= 100);
  assert.ok((await getHostStats(restarted, { kind: 'GetHostStats' })).vmCount >= 1);
  await assert.rejects(deleteVolume(ctx, { kind: 'DeleteVolume', path: vm.disks[0].path }), /running guest .*-a uses it/);

  await rebootVm(restarted, { kind: 'RebootVm', instanceName: name });
  await waitForLog(name, /NIMBUS-READY/, 2);

  // The log goes with the other run files once the guest is stopped: a hard link keeps it for the assertion.
  const kept = join(dir, `${name}.log.kept`);
  await link(join(runDir(config), `${name}.log`), kept);
  const t0 = Date.now();
  await stopVm(restarted, { kind: 'StopVm', instanceName: name, force: false });
  assert.ok(Date.now() - t0 < 25_000, 'the guest powered itself off before the 30 s grace time');
  assert.match(await readFile(kept, 'utf8'), /NIMBUS-POWERDOWN/, 'the guest saw the ACPI power button');
  assert.equal(await isGuestProcess(pid, name), false);
  assert.deepEqual(await runFilesOf(name), []);
  assert.deepEqual((await pingHost(ctx, { kind: 'PingHost' })).vmStates, {});
  await stopVm(ctx, { kind: 'StopVm', instanceName: name, force: false });
  await deleteVolume(ctx, { kind: 'DeleteVolume', path: vm.disks[0].path });
  await assert.rejects(stat(vm.disks[0].path), /ENOENT/);
});

test('a guest that ignores the power button is stopped by force after the grace time; force stops at once', async () => {
  const vm = await guestSpec(`${tag}-b`);
  // Stopped before its init runs acpid: the power button goes unanswered.
  const pid = await start(vm);
  await stopGuest(ctx, vm.instanceName, false, { graceMs: 500 });
  assert.equal(await isGuestProcess(pid, vm.instanceName), false);
  assert.deepEqual(await runFilesOf(vm.instanceName), []);

  // A PingHost while the guest is being started must neither report it off nor clean its files away.
  const [again, ping] = await Promise.all([start(vm), pingHost(ctx, { kind: 'PingHost' })]);
  assert.equal(ping.vmStates[vm.instanceName], undefined);
  assert.equal((await pingHost(ctx, { kind: 'PingHost' })).vmStates[vm.instanceName], 'PowerOn');
  await stopVm(ctx, { kind: 'StopVm', instanceName: vm.instanceName, force: true });
  assert.equal(await isGuestProcess(again, vm.instanceName), false);
  assert.deepEqual(await runFilesOf(vm.instanceName), []);
});

test('a guest whose process is gone is reported off once and its run files are removed', async () => {
  const name = `${tag}-gone`;
  const vm = await guestSpec(name);
  await writeFile(join(runDir(config), `${name}.json`), JSON.stringify({ vm, taps: [] }));
  // A live pid of another program (this test's node): the guard against pid reuse must not take it for the guest.
  await writeFile(join(runDir(config), `${name}.pid`), String(process.pid));
  assert.equal((await pingHost(ctx, { kind: 'PingHost' })).vmStates[name], 'PowerOff');
  assert.deepEqual(await runFilesOf(name), []);
  assert.equal((await pingHost(ctx, { kind: 'PingHost' })).vmStates[name], undefined);
});

test('qemu failing to start is an error that carries its reason, and leaves no run files', async () => {
  const vm = await guestSpec(`${tag}-bad`);
  vm.disks[0].path = join(dir, 'no-such-disk.qcow2');
  await assert.rejects(startVm(ctx, { kind: 'StartVm', vm }), /Cannot start .*-bad: qemu-system-x86_64 .*no-such-disk\.qcow2/);
  assert.deepEqual(await runFilesOf(vm.instanceName), []);
});

test('a guest with a NIC gets a tap on its network\'s bridge, and a data disk is hot-plugged and unplugged', async () => {
  const name = `${tag}-nic`;
  const vm = await guestSpec(name);
  vm.nics = [{ id: 'nic1', networkId: network, mac: '02:00:00:0a:0b:01', isDefault: true, deviceId: 0 }];
  const pid = await start(vm);
  const tap = tapName(ctx, name, 0);
  assert.match(await readFile(`/sys/class/net/${tap}/master/uevent`, 'utf8'), new RegExp(`INTERFACE=${bridgeName(tag, network)}`));

  // The guest's DHCP requests reach the tap once its kernel has booted (there is no DHCP server to answer them).
  const deadline = Date.now() + bootTimeoutMs;
  let sent = 0;
  while (sent === 0) {
    if (Date.now() > deadline) assert.fail('the guest sent nothing on its NIC');
    await new Promise((r) => setTimeout(r, 500));
    sent = (await getVmStats(ctx, { kind: 'GetVmStats', instanceNames: [name] })).stats[name].networkWriteKBs;
  }

  const data = await createVolume(ctx, { kind: 'CreateVolume', volume: { id: `${name}-data`, name: 'DATA', poolId: 'p', poolPath: pool, sizeBytes: 16 * MiB } });
  const disk = { volumeId: `${name}-data`, path: data.path, type: 'DATADISK' as const, sizeBytes: data.sizeBytes, deviceId: 1 };
  assert.deepEqual(await attachVolume(ctx, { kind: 'AttachVolume', instanceName: name, disk }), { deviceId: 1 });
  assert.deepEqual(await attachVolume(ctx, { kind: 'AttachVolume', instanceName: name, disk }), { deviceId: 1 }, 'a repeated attach is harmless');
  const qmpSocket = join(runDir(config), `${name}.qmp`);
  const [devices] = (await qmp(qmpSocket, [{ execute: 'qom-list', arguments: { path: '/machine/peripheral' } }])) as [{ name: string }[]];
  assert.ok(devices.some((d) => d.name === 'disk1'), 'the data disk is a device of the guest');
  await assert.rejects(deleteVolume(ctx, { kind: 'DeleteVolume', path: data.path }), /uses it/);

  await detachVolume(ctx, { kind: 'DetachVolume', instanceName: name, path: data.path });
  const [after] = (await qmp(qmpSocket, [{ execute: 'qom-list', arguments: { path: '/machine/peripheral' } }])) as [{ name: string }[]];
  assert.ok(!after.some((d) => d.name === 'disk1'), 'the guest released the data disk');
  await deleteVolume(ctx, { kind: 'DeleteVolume', path: data.path });
  await assert.rejects(detachVolume(ctx, { kind: 'DetachVolume', instanceName: `${tag}-none`, path: data.path }), /not running on this host/);

  await stopVm(ctx, { kind: 'StopVm', instanceName: name, force: true });
  assert.equal(await isGuestProcess(pid, name), false);
  await assert.rejects(stat(`/sys/class/net/${tap}`), /ENOENT/, 'the tap is unplugged');
});
