import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import type { AgentConfig } from '../config.ts';
import { createVolume, createVolumeFromSnapshot, deleteVolume, resizeVolume } from '../handlers/volume.ts';
import { imageInfo, createQcow2 } from './qemu-img.ts';

const MiB = 1024 * 1024;
const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'nimbus-vol-'));
after(() => rm(dir, { recursive: true, force: true }));
const config: AgentConfig = {
  servers: [], name: 'h', address: '127.0.0.1', username: 'u', password: 'p',
  stateDir: join(dir, 'state'), localStoragePath: join(dir, 'local'), prefix: 'tv', accel: 'tcg',
};
const ctx = { config, log: pino({ level: 'silent' }) };
const template = join(dir, 'source.qcow2');
await createQcow2(template, 64 * MiB);
const pool = join(dir, 'pool');
const spec = (id: string, sizeBytes: number) => ({ id, name: id, poolId: 'p1', poolPath: pool, sizeBytes });

test('an empty volume is a qcow2 of the size asked for, and a second create answers the same file', async () => {
  const a = await createVolume(ctx, { kind: 'CreateVolume', volume: spec('v-empty', 10 * MiB) });
  assert.deepEqual(a, { path: join(pool, 'v-empty.qcow2'), sizeBytes: 10 * MiB });
  const again = await createVolume(ctx, { kind: 'CreateVolume', volume: spec('v-empty', 99 * MiB) });
  assert.deepEqual(again, a);
});

test('a volume without a pool path is refused with a reason', async () => {
  await assert.rejects(createVolume(ctx, { kind: 'CreateVolume', volume: { ...spec('v-x', MiB), poolPath: undefined } }), /names no pool path/);
});

test('a template from a file URL is cached on the pool and cloned, grown to the size asked for', async () => {
  const a = await createVolume(ctx, {
    kind: 'CreateVolume', volume: spec('v-root1', 200 * MiB), templatePath: 'template/t1', templateUrl: pathToFileURL(template).href,
  });
  assert.equal(a.sizeBytes, 200 * MiB);
  const info = await imageInfo(a.path);
  assert.equal(info.backingFile, join(pool, 'template-t1.qcow2'));
  // Smaller than the template: the clone keeps the template's size.
  const b = await createVolume(ctx, { kind: 'CreateVolume', volume: spec('v-root2', MiB), templatePath: 'template/t1' });
  assert.equal(b.sizeBytes, 64 * MiB);
  assert.deepEqual((await readdir(pool)).filter((f) => f.includes('.part')), []);
});

test('a template from an http URL is downloaded once, even by two first uses at once; a non-qcow2 download is refused', async (t) => {
  const notImage = join(dir, 'not-an-image.txt');
  await writeFile(notImage, 'hello, this is not a disk image\n'.repeat(100));
  let downloads = 0;
  const server = createServer((req, res) => {
    downloads++;
    if (req.url === '/t2.qcow2') createReadStream(template).pipe(res);
    else if (req.url === '/t3.qcow2') createReadStream(notImage).pipe(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  const create = (id: string, name: string) =>
    createVolume(ctx, { kind: 'CreateVolume', volume: spec(id, MiB), templatePath: `template/${name}`, templateUrl: `http://127.0.0.1:${port}/${name}.qcow2` });
  const [a, b] = await Promise.all([create('v-http1', 't2'), create('v-http2', 't2')]);
  assert.equal(a.sizeBytes, 64 * MiB);
  assert.equal(b.sizeBytes, 64 * MiB);
  await create('v-http3', 't2');
  assert.ok(downloads <= 2, `downloaded ${downloads} times`);
  await assert.rejects(create('v-bad', 't3'), /template\/t3 downloaded from http:.* is a raw image, not qcow2/);
  await assert.rejects(create('v-404', 't4'), /HTTP 404/);
  await assert.rejects(stat(join(pool, 'template-t3.qcow2')), /ENOENT/);
  assert.deepEqual((await readdir(pool)).filter((f) => f.includes('.part') || f.startsWith('v-bad')), []);
});

test('resize grows, refuses to shrink without shrinkOk, and delete removes the file (a missing one too)', async () => {
  const { path } = await createVolume(ctx, { kind: 'CreateVolume', volume: spec('v-resize', 10 * MiB) });
  assert.deepEqual(await resizeVolume(ctx, { kind: 'ResizeVolume', path, sizeBytes: 20 * MiB, shrinkOk: false }), { sizeBytes: 20 * MiB });
  await assert.rejects(resizeVolume(ctx, { kind: 'ResizeVolume', path, sizeBytes: 5 * MiB, shrinkOk: false }), /Refusing to shrink/);
  assert.deepEqual(await resizeVolume(ctx, { kind: 'ResizeVolume', path, sizeBytes: 5 * MiB, shrinkOk: true }), { sizeBytes: 5 * MiB });
  await deleteVolume(ctx, { kind: 'DeleteVolume', path });
  await assert.rejects(stat(path), /ENOENT/);
  await deleteVolume(ctx, { kind: 'DeleteVolume', path });
});

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

  const a = await createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-restored', 1), snapshotPath: snapshot });
  assert.deepEqual(a, { path: join(pool, 'v-restored.qcow2'), sizeBytes: 16 * MiB });
  assert.equal(await holds(a.path, 0xab), true);
  assert.equal(await holds(a.path, 0xcd), false);
  const info = await imageInfo(a.path);
  assert.equal(info.format, 'qcow2');
  assert.equal(info.backingFile, undefined);
  await rm(snapshot);
  assert.equal(await holds(a.path, 0xab), true);
  // A retried command answers the volume already made.
  assert.deepEqual(await createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-restored', 1), snapshotPath: volume }), a);
  assert.deepEqual((await readdir(pool)).filter((f) => f.endsWith('.creating')), []);
});

test('a missing snapshot is refused with a reason, leaving nothing on the pool', async () => {
  await assert.rejects(
    createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-none', 1), snapshotPath: join(dir, 'gone.qcow2') }),
    /snapshot .*gone\.qcow2 does not exist on this host/,
  );
  await assert.rejects(createVolumeFromSnapshot(ctx, { kind: 'CreateVolumeFromSnapshot', volume: spec('v-rel', 1), snapshotPath: 'relative.qcow2' }), /not absolute/);
  assert.deepEqual((await readdir(pool)).filter((f) => f.startsWith('v-none') || f.startsWith('v-rel')), []);
});
