/**
 * API throughput: signed `listAccounts` through the real server (SQLite) against a bare Fastify route doing the
 * same database read, in one run, at the same concurrency. Run: `npm run bench:api` (add `-- --cpu-prof` to
 * profile the API server). BENCH_DURATION (seconds, default 10) and BENCH_CONNECTIONS (default 32) override;
 * BENCH_SERVER_NODE_OPTIONS goes to the API server process only (e.g. `--import` of an experimental patch).
 * Results and how to read them: docs/benchmarks.md.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import autocannon, { type Result } from 'autocannon';
import { signParams } from '../../packages/server/src/kernel/signature.ts';
import { adminClient } from '../../test/support/client.ts';
import { startTestServer } from '../../test/support/server.ts';
import { summarizeProfiles } from './profile.ts';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'nimbus-prof-')) : undefined;

async function measure(url: string): Promise<Result> {
  // Warm-up first: JIT, SQLite page cache and connection set-up are not what is measured.
  await autocannon({ url, connections, duration: 2 });
  const r = await autocannon({ url, connections, duration });
  assert.equal(r.errors + r.non2xx, 0, `${url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  return r;
}

async function accountNames(url: string): Promise<string[]> {
  const body = (await (await fetch(url)).json()) as { listaccountsresponse: { account: Array<{ name: string }> } };
  return body.listaccountsresponse.account.map((a) => a.name);
}

const serverNodeOptions = [process.env.BENCH_SERVER_NODE_OPTIONS, profileDir && `--cpu-prof --cpu-prof-dir=${profileDir}`].filter(Boolean).join(' ');
const server = await startTestServer({ dialect: 'sqlite', env: serverNodeOptions ? { NODE_OPTIONS: serverNodeOptions } : {} });
let worker: Worker | undefined;
let results: Array<{ name: string; r: Result }>;
try {
  const admin = await adminClient(server.url, server.adminPassword);
  // Without `expires` a signature stays valid, so one signed URL serves every request.
  const params = { command: 'listAccounts', response: 'json', apiKey: admin.apiKey as string };
  const apiUrl = `${server.url}?${new URLSearchParams({ ...params, signature: signParams(params, admin.secretKey as string) })}`;
  worker = new Worker(new URL('./bare-server.ts', import.meta.url), { workerData: { dbFile: server.db } });
  const [barePort] = (await once(worker, 'message')) as [number];
  const bareUrl = `http://127.0.0.1:${barePort}/accounts`;
  assert.deepEqual(await accountNames(bareUrl), await accountNames(apiUrl), 'both targets answer the same accounts');

  results = [
    { name: 'Nimbus API, signed listAccounts', r: await measure(apiUrl) },
    { name: 'bare Fastify route, same read', r: await measure(bareUrl) },
  ];
} finally {
  await worker?.terminate();
  await server.stop();
}

const cpu = cpus();
console.log(`\n${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`${connections} connections, ${duration} s each after a 2 s warm-up, SQLite\n`);
console.log('| target | requests/s | p50 latency | p99 latency |');
console.log('| --- | ---: | ---: | ---: |');
for (const { name, r } of results) console.log(`| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} ms | ${r.latency.p99} ms |`);
const ratio = results[0].r.requests.average / results[1].r.requests.average;
console.log(`\nAPI / bare: ${(ratio * 100).toFixed(1)} % (goal: at least 50 %)`);
if (profileDir) console.log(`\n${summarizeProfiles(profileDir)}`);
