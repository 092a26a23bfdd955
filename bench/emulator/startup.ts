import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { signParams } from '@nimbus/server/signature';
import { freePort, repoRoot } from '../../test/support/server.ts';
import { timedRun, type Children } from './children.ts';

export const keys = { apiKey: 'bench-emulator-api-key', secretKey: 'bench-emulator-secret-key' };
export const zoneName = 'Sandbox-simulator';
const nimbus = join(repoRoot, 'bin/nimbus');
/**
 * bin/nimbus turns Node's compile cache on: the bench measures a first start (the cache off) unless it asks for the
 * cache in a directory of its own, and inherits neither from the shell running it.
 */
const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...shellEnv } = process.env;
const cold = { ...shellEnv, NODE_DISABLE_COMPILE_CACHE: '1' };

export interface Emulator {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first TCP connection accepted (the server listens). */
  listening: number;
  /** ... to the first signed answer accepted (the admin's fixed keys are set). */
  signed: number;
  /** ... to a signed listZones that shows the Sandbox zone enabled (the zone is built: the emulator is ready). */
  ready: number;
}

/** A signed listZones URL: without `expires` the one URL stays valid for every poll. */
function listZonesUrl(base: string): string {
  const params: Record<string, string> = { command: 'listZones', response: 'json', apiKey: keys.apiKey };
  params.signature = signParams(params, keys.secretKey);
  return `${base}?${new URLSearchParams(params).toString()}`;
}

/** The kernel accepts a connection once the server listens, even while its event loop is busy. */
const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

type Poll = { status: number; body: string } | undefined;
async function poll(url: string): Promise<Poll> {
  try {
    const res = await fetch(url);
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined; // refused or reset while the process starts
  }
}

/** Polls every millisecond (one attempt at a time) until `done`; a process exit or 60 s is an error. */
async function until(child: ChildProcess, output: () => string, done: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (await done()) return;
    if (child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited with ${child.exitCode}:\n${output()}`);
    if (performance.now() > deadline) throw new Error(`no answer from ${child.spawnargs.join(' ')} in 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Spawns `bin/nimbus server --simulator` on a free port with fixed admin keys and times it to its first signed
 * answer; the caller stops it. `tmp` becomes its TMPDIR, so its database goes where the benchmark removes it even if
 * the emulator has to be killed.
 */
export async function startEmulator(children: Children, tmp: string, env: Record<string, string> = {}): Promise<Emulator> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/client/api`;
  const url = listZonesUrl(base);
  const started = performance.now();
  const { child, output } = children.spawn(nimbus, ['server', '--simulator', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn'], {
    env: { ...(env.NODE_COMPILE_CACHE ? shellEnv : cold), TMPDIR: tmp, NIMBUS_ADMIN_API_KEY: keys.apiKey, NIMBUS_ADMIN_SECRET_KEY: keys.secretKey, ...env },
  });
  await until(child, output, () => accepts(port));
  const at = { listening: performance.now() - started, signed: 0, ready: 0 };
  await until(child, output, async () => {
    const p = await poll(url);
    const now = performance.now() - started;
    if (p?.status !== 200) return false;
    at.signed ||= now;
    const zones = (JSON.parse(p.body) as { listzonesresponse: { zone?: { name: string; allocationstate: string }[] } }).listzonesresponse.zone ?? [];
    if (!zones.some((z) => z.name === zoneName && z.allocationstate === 'Enabled')) return false;
    at.ready = now;
    return true;
  });
  return { url: base, child, ...at };
}

/** The baseline: the same Node binary with a tiny HTTP server in `-e`, spawn to its first answer, then stopped. */
export async function bareNodeStartup(children: Children): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const { child, output } = children.spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`], {});
  await until(child, output, async () => (await poll(`http://127.0.0.1:${port}/`))?.status === 200);
  const ms = performance.now() - started;
  await children.stop(child);
  return ms;
}

/** Spawn to exit of `bin/nimbus server --simulator --help`: Node's start and loading the server's code, no work. */
export async function codeLoad(children: Children): Promise<number> {
  return (await timedRun(children, nimbus, ['server', '--simulator', '--help'], { env: cold })).ms;
}
