import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { link, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { VmSpec } from '@nimbus/protocol';
import pino from 'pino';
import { runDir, type AgentConfig } from '../../config.ts';
import { run } from '../../exec.ts';
import type { AgentContext } from '../../handlers/handler.ts';
import { pingHost } from '../../handlers/host.ts';
import { getVmStats, migrateVm, prepareMigration, startVm, stopVm } from '../../handlers/vm.ts';
import { attachVolume, createVolume } from '../../handlers/volume.ts';
import { deleteLink } from '../../network/links.ts';
import { bridgeName } from '../../network/names.ts';
import { tapName } from '../../network/nics.ts';
import { findGuest } from './guests.ts';
import { migrateGuest } from './migration.ts';
import { isGuestProcess } from './proc.ts';
import { qmp } from './qmp.ts';

// Two agents on this machine (own state dirs and device prefixes) share one pool, as two hosts share NFS storage.
const bootTimeoutMs = 60_000;
const MiB = 1024 * 1024;
const hex = randomBytes(2).toString('hex');
const dir = await mkdtemp(join(tmpdir(), `nimbus-mig-${hex}-`));
const pool = join(dir, 'pool');
const network = `m${hex}-net`;
function agent(prefix: string): AgentContext {
  const config: AgentConfig = {
    servers: [], name: prefix, address: '127.0.0.1', username: 'u', password: 'p',
    stateDir: join(dir, prefix), localStoragePath: join(dir, `${prefix}-local`), prefix, accel: 'tcg',
  };
  return { config, log: pino({ level: 'silent' }) };
}
const a = agent(`a${hex.slice(0, 3)}`);
const b = agent(`b${hex.slice(0, 3)}`);
let templateUrl = '';
const started: { name: string; pid: number }[] = [];

before(async () => {
  const { stdout } = await run('bash', [join(import.meta.dirname, '../../../../../scripts/build-template.sh'), join(dir, 'template')], { timeoutMs: 300_000 });
  templateUrl = pathToFileURL(stdout.trim()).href;
});

after(async () => {
  for (const { name, pid } of started) if (await isGuestProcess(pid, name)) process.kill(pid, 'SIGKILL');
  for (const ctx of [a, b]) await deleteLink(bridgeName(ctx.config.prefix, network));
  await rm(dir, { recursive: true, force: true });
});

async function guestSpec(name: string, nic: boolean): Promise<VmSpec> {
  const root = await createVolume(a, { kind: 'CreateVolume', volume: { id: `${name}-root`, name: 'ROOT', poolId: 'p', poolPath: pool, sizeBytes: 128 * MiB }, templatePath: 'template/tiny', templateUrl });
  return {
    id: name, instanceName: name, cpu: 1, speed: 1000, memory: 96 * MiB,
    disks: [{ volumeId: `${name}-root`, path: root.path, type: 'ROOT', sizeBytes: root.sizeBytes, deviceId: 0 }],
    nics: nic ? [{ id: `${name}-nic`, networkId: network, mac: '02:00:00:0c:0d:01', isDefault: true, deviceId: 0 }] : [],
  };
}

/** Remembers the guest's qemu on a host, so that the clean-up kills it whatever happens to the test. */
async function pidOn(ctx: AgentContext, name: string): Promise<number> {
  const guest = await findGuest(ctx, name);
  assert.ok(guest, `${name} has a qemu on ${ctx.config.prefix}`);
  started.push({ name, pid: guest.pid });
  return guest.pid;
}

async function startAndBoot(vm: VmSpec): Promise<number> {
  await startVm(a, { kind: 'StartVm', vm });
  const pid = await pidOn(a, vm.instanceName);
  const deadline = Date.now() + bootTimeoutMs;
  while (!(await readFile(join(runDir(a.config), `${vm.instanceName}.log`), 'utf8').catch(() => '')).includes('NIMBUS-READY')) {
    if (Date.now() > deadline) assert.fail(`${vm.instanceName} did not boot on A within ${bootTimeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return pid;
}

async function status(ctx: AgentContext, name: string): Promise<string> {
  const [s] = (await qmp(join(runDir(ctx.config), `${name}.qmp`), [{ execute: 'query-status' }])) as [{ status: string }];
  return s.status;
}

async function runFilesOf(ctx: AgentContext, name: string): Promise<string[]> {
  return (await readdir(runDir(ctx.config)).catch(() => [])).filter((f) => f.startsWith(`${name}.`));
}

test('a running guest moves from A to B: A keeps nothing of it, B reports it on and its OS answers there', async () => {
  const name = `m${hex}-live`;
  const vm = await guestSpec(name, true);
  const pidA = await startAndBoot(vm);
  // A disk hot-plugged on the source is given at start on the target: its device must sit at the same PCI address.
  const data = await createVolume(a, { kind: 'CreateVolume', volume: { id: `${name}-data`, name: 'DATA', poolId: 'p', poolPath: pool, sizeBytes: 16 * MiB } });
  const disk = { volumeId: `${name}-data`, path: data.path, type: 'DATADISK' as const, sizeBytes: data.sizeBytes, deviceId: 1 };
  await attachVolume(a, { kind: 'AttachVolume', instanceName: name, disk });
  vm.disks.push(disk);

  const { port } = await prepareMigration(b, { kind: 'PrepareMigration', vm });
  const pidB = await pidOn(b, name);
  assert.equal(await status(b, name), 'inmigrate');
  assert.equal((await pingHost(b, { kind: 'PingHost' })).vmStates[name], undefined, 'B does not report a guest that is still migrating in');
  assert.ok((await runFilesOf(b, name)).includes(`${name}.json`), 'and does not clean it up');
  await assert.rejects(prepareMigration(b, { kind: 'PrepareMigration', vm }), /already runs on this host/);
  const tapB = tapName(b, name, 0);
  assert.match(await readFile(`/sys/class/net/${tapB}/master/uevent`, 'utf8'), new RegExp(`INTERFACE=${bridgeName(b.config.prefix, network)}`));

  const percents: number[] = [];
  await migrateVm({ ...a, progress: (p) => percents.push(p) }, { kind: 'MigrateVm', instanceName: name, targetHost: 'host-b', targetAddress: '127.0.0.1', targetPort: port });
  assert.equal(percents.at(-1), 100, `progress ${percents.join(' ')}`);
  assert.deepEqual(percents, [...percents].sort((x, y) => x - y), 'progress never goes back');
  assert.equal(await isGuestProcess(pidA, name), false, 'the source qemu is gone');
  assert.deepEqual(await runFilesOf(a, name), []);
  await assert.rejects(stat(`/sys/class/net/${tapName(a, name, 0)}`), /ENOENT/, 'the source tap is unplugged');
  assert.equal((await pingHost(a, { kind: 'PingHost' })).vmStates[name], undefined);

  assert.equal(await status(b, name), 'running');
  assert.equal((await pingHost(b, { kind: 'PingHost' })).vmStates[name], 'PowerOn');
  const [info] = await qmp(join(runDir(b.config), `${name}.qmp`), [{ execute: 'human-monitor-command', arguments: { 'command-line': 'info status' } }]);
  assert.match(String(info), /running/);
  assert.ok((await getVmStats(b, { kind: 'GetVmStats', instanceNames: [name] })).stats[name].memoryKBs > 10_000);

  // The guest's own acpid answers the power button on B: the same booted OS moved (B never booted it).
  const kept = join(dir, `${name}.log.kept`);
  await link(join(runDir(b.config), `${name}.log`), kept);
  await stopVm(b, { kind: 'StopVm', instanceName: name, force: false });
  assert.match(await readFile(kept, 'utf8'), /NIMBUS-POWERDOWN/);
  assert.doesNotMatch(await readFile(kept, 'utf8'), /NIMBUS-READY/, 'B did not boot the guest afresh');
  assert.equal(await isGuestProcess(pidB, name), false);
  assert.deepEqual(await runFilesOf(b, name), []);
  await assert.rejects(stat(`/sys/class/net/${tapB}`), /ENOENT/);
});

test('a prepared target given up by a forced StopVm leaves nothing', async () => {
  const name = `m${hex}-gone`;
  const vm = await guestSpec(name, true);
  const { port } = await prepareMigration(b, { kind: 'PrepareMigration', vm });
  assert.ok(port > 0);
  const pid = await pidOn(b, name);
  await stopVm(b, { kind: 'StopVm', instanceName: name, force: true });
  assert.equal(await isGuestProcess(pid, name), false);
  assert.deepEqual(await runFilesOf(b, name), []);
  await assert.rejects(stat(`/sys/class/net/${tapName(b, name, 0)}`), /ENOENT/);
  assert.equal((await pingHost(b, { kind: 'PingHost' })).vmStates[name], undefined);
});

test('a migration that fails or times out leaves the guest running on the source', async () => {
  const name = `m${hex}-stay`;
  const vm = await guestSpec(name, false);
  const pidA = await startAndBoot(vm);

  // A port that nothing listens on: bound and closed again.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const closed = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  await assert.rejects(
    migrateVm(a, { kind: 'MigrateVm', instanceName: name, targetHost: 'host-b', targetAddress: '127.0.0.1', targetPort: closed }),
    new RegExp(`Cannot migrate ${name} to host host-b \\(tcp:127.0.0.1:${closed}\\): .*refused`),
  );
  assert.equal(await status(a, name), 'running');
  assert.equal((await pingHost(a, { kind: 'PingHost' })).vmStates[name], 'PowerOn');

  // Too short a time-out for 96 MiB: the migration is cancelled and the source goes on.
  await assert.rejects(migrateVm(a, { kind: 'MigrateVm', instanceName: name, targetHost: 'host-b' }), /lacks the target's address and port/);
  const { port } = await prepareMigration(b, { kind: 'PrepareMigration', vm });
  await pidOn(b, name);
  await assert.rejects(migrateGuest(a, name, { host: 'host-b', address: '127.0.0.1', port }, { timeoutMs: 1 }), /did not complete within 0.001 s.*cancelled/);
  assert.equal(await status(a, name), 'running');
  assert.equal(await isGuestProcess(pidA, name), true);
  await stopVm(b, { kind: 'StopVm', instanceName: name, force: true });
  assert.deepEqual(await runFilesOf(b, name), []);
  await stopVm(a, { kind: 'StopVm', instanceName: name, force: true });
  assert.deepEqual(await runFilesOf(a, name), []);
});
