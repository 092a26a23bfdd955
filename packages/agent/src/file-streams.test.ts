import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { wire } from '@nimbus/protocol';
import pino from 'pino';
import type { AgentConfig } from './config.ts';
import { FileStreams } from './file-streams.ts';
import { createLinkedClone, createQcow2 } from './storage/qemu-img.ts';

const MiB = 1024 * 1024;
const skip = !existsSync('/usr/bin/qemu-img') && 'needs qemu-img';
const dir = await mkdtemp(join(tmpdir(), 'nimbus-files-'));
after(() => rm(dir, { recursive: true, force: true }));
const config: AgentConfig = {
  servers: [], name: 'h', address: '127.0.0.1', username: 'u', password: 'p',
  stateDir: join(dir, 'state'), localStoragePath: join(dir, 'local'), prefix: 'tf', accel: 'tcg',
};
const ctx = { config, log: pino({ level: 'silent' }) };

/** What the agent sent the server: JSON frames and the bytes of each stream. */
function recorder() {
  const frames: Record<string, unknown>[] = [];
  const bytes: Buffer[] = [];
  const send = (frame: string | Buffer) => {
    if (typeof frame === 'string') frames.push(JSON.parse(frame) as Record<string, unknown>);
    else bytes.push(wire.parseStreamFrame(frame).payload);
  };
  const sent = () => bytes.reduce((n, b) => n + b.length, 0);
  const until = async (what: string, check: () => boolean) => {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(check(), `timed out waiting for ${what}`);
  };
  return { frames, bytes, send, sent, until };
}

test('a file is sent no further than a window ahead of the acknowledgements, then closed', { skip }, async () => {
  const file = join(dir, 'big.qcow2');
  await createQcow2(file, 64 * MiB);
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x5a 0 12M', file], { stdio: 'ignore' });
  const r = recorder();
  const streams = new FileStreams(ctx, r.send);
  streams.start(7, file);
  await r.until('the window to fill', () => r.sent() >= wire.FILE_WINDOW_BYTES);
  await new Promise((res) => setTimeout(res, 100));
  assert.ok(r.sent() < wire.FILE_WINDOW_BYTES + MiB, `${r.sent()} bytes sent without an acknowledgement`);
  assert.equal(r.frames[0].type, 'file-info');
  const size = r.frames[0].sizeBytes as number;
  assert.ok(size > 12 * MiB);
  let acked = 0;
  await r.until('the whole file', () => {
    if (acked < r.sent()) {
      streams.ack(7, r.sent() - acked);
      acked = r.sent();
    }
    return r.frames.some((f) => f.type === 'file-close');
  });
  assert.equal(r.sent(), size);
  assert.deepEqual(r.frames.at(-1), { type: 'file-close', stream: 7 });
  await writeFile(join(dir, 'copy.qcow2'), Buffer.concat(r.bytes));
  execFileSync('qemu-img', ['compare', file, join(dir, 'copy.qcow2')], { stdio: 'ignore' });
});

test('a linked clone is sent as a standalone copy, which is removed afterwards', { skip }, async () => {
  const base = join(dir, 'base.qcow2');
  const clone = join(dir, 'pool', 'clone.qcow2');
  await createQcow2(base, 8 * MiB);
  await mkdir(join(dir, 'pool'));
  await createLinkedClone(clone, base);
  const r = recorder();
  new FileStreams(ctx, r.send).start(1, clone);
  await r.until('the end', () => r.frames.some((f) => f.type === 'file-close'));
  await writeFile(join(dir, 'flat.qcow2'), Buffer.concat(r.bytes));
  const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', join(dir, 'flat.qcow2')]).toString()) as Record<string, unknown>;
  assert.equal(info['backing-filename'], undefined);
  assert.equal(info['virtual-size'], 8 * MiB);
  // The copy is removed just after the last frame went out.
  await new Promise((res) => setTimeout(res, 50));
  assert.deepEqual(await readdir(join(dir, 'pool')), ['clone.qcow2']);
});

test('a missing file or one that is not qcow2 ends the stream with a reason', async () => {
  const r = recorder();
  const streams = new FileStreams(ctx, r.send);
  streams.start(2, join(dir, 'nothing.qcow2'));
  streams.start(3, '/etc/passwd');
  await r.until('both ends', () => r.frames.filter((f) => f.type === 'file-close').length === 2);
  const reasons = Object.fromEntries(r.frames.map((f) => [f.stream, f.reason]));
  assert.match(reasons[2] as string, /nothing\.qcow2/);
  assert.match(reasons[3] as string, /only qcow2 files/);
});
