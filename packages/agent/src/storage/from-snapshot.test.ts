import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import type { AgentConfig } from '../config.ts';
import { createVolumeFromSnapshot } from '../handlers/volume.ts';
import { createQcow2, imageInfo } from './qemu-img.ts';

const MiB = 1024 * 1024;
const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'nimbus-fromsnap-'));
after(() => rm(dir, { recursive: true, force: true }));
const config: AgentConfig = {
  servers: [], name: 'h', address: '127.0.0.1', username: 'u', password: 'p',
  stateDir: join(dir, 'state'), localStoragePath: join(dir, 'local'), prefix: 'tv', accel: 'tcg',
};
const ctx = { config, log: pino({ level: 'silent' }) };
const pool = join(dir, 'pool');
const spec = (id: string) => ({ id, name: id, poolId: 'p1', poolPath: pool, sizeBytes: 1 });

/** Writes `pattern` over the first MiB of a disk image through QEMU's block layer, as a guest would. */
const write = (path: string, pattern: number) => run('qemu-io', ['-f', 'qcow2', '-c', `write -P ${pattern} 0 1M`, path]);
/** Whether the first MiB of a disk image reads back as `pattern` (qemu-io exits 1 saying so when it does not). */
const holds = (path: string, pattern: number) =>
  run('qemu-io', ['-f', 'qcow2', '-c', `read -P ${pattern} 0 1M`, path]).then(
    () => true,
    (e: { stdout?: string }) => {
      if (/Pattern verification failed/.test(e.stdout ?? '')) return false;
      throw e;
    },
  );

test('a volume made from a snapshot holds the data written before it, not after, and outlives it', async () => {
  const volume = join(dir, 'data.qcow2');
  await createQcow2(volume, 16 * MiB);
  await write(volume, 0xab);
  const snapshot = join(dir, 'data-snap.qcow2');
  await copyFile(volume, snapshot);
  await write(volume, 0xcd);

  const a = await createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-restored'), snapshotPath: snapshot });
  assert.deepEqual(a, { path: join(pool, 'v-restored.qcow2'), sizeBytes: 16 * MiB });
  assert.equal(await holds(a.path, 0xab), true);
  assert.equal(await holds(a.path, 0xcd), false);
  const info = await imageInfo(a.path);
  assert.equal(info.format, 'qcow2');
  assert.equal(info.backingFile, undefined);
  await rm(snapshot);
  assert.equal(await holds(a.path, 0xab), true);
  // A retried command answers the volume already made.
  assert.deepEqual(await createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-restored'), snapshotPath: volume }), a);
  assert.deepEqual((await readdir(pool)).filter((f) => f.endsWith('.creating')), []);
});

test('a missing snapshot is refused with a reason, leaving nothing on the pool', async () => {
  await assert.rejects(
    createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-none'), snapshotPath: join(dir, 'gone.qcow2') }),
    /snapshot .*gone\.qcow2 does not exist on this host/,
  );
  await assert.rejects(createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-rel'), snapshotPath: 'relative.qcow2' }), /not absolute/);
  assert.deepEqual((await readdir(pool)).filter((f) => f.startsWith('v-none') || f.startsWith('v-rel')), []);
});
