/**
 * Simulator scale through the API (issue 3): the real server on SQLite builds a simulator zone of 2,000 hosts and
 * deploys 12,000 VMs over a few hundred accounts (VMs/s), then grows to 25,000 hosts, 25,000 VMs, 50,000 volumes
 * and 25,000 accounts and times the root admin's list commands (p50/p99, default page size, listall=true) against a
 * bare Fastify route in this process answering each list's own body as a constant. Run: `npm run bench:sim`
 * (`-- --cpu-prof` profiles the server, `-- --sql-timing` times its SQLite statements). BENCH_SCALE (default 1)
 * scales every count; BENCH_CONCURRENCY (32) requests in flight while building;
 * BENCH_SAMPLES (50) calls per list. Results and how to read them: docs/benchmarks.md.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { summarizeProfiles } from '../api-throughput/profile.ts';
import { adminClient, type ApiClient } from '../../test/support/client.ts';
import { startTestServer } from '../../test/support/server.ts';
import { createCloud, growAccounts, growHosts, inParallel, runJob, type Cloud } from './build.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const samples = Number(process.env.BENCH_SAMPLES ?? 50);
const n = (full: number, min = 1) => Math.max(min, Math.round(full * scale));
const plan = {
  hosts1: n(2_000, 10), vms1: n(12_000), deployAccounts: n(300, 2),
  hosts2: n(25_000, 10), vms2: n(25_000), accounts2: n(25_000, 2),
};
const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'nimbus-prof-')) : undefined;

const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
async function timed(what: string, fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  log(`${what}: ${s.toFixed(1)} s`);
  return s;
}

const vmIds: string[] = [];
/** Deploys VMs `from..to-1`, VM i for deploy account i mod deployAccounts, `concurrency` jobs in flight. */
function deploy(admin: ApiClient, cloud: Cloud, from: number, to: number): Promise<void> {
  return inParallel(to - from, concurrency, async (i) => {
    const k = from + i;
    const vm = await runJob(admin, 'deployVirtualMachine', {
      zoneid: cloud.zone.id as string, serviceofferingid: cloud.offeringId, templateid: cloud.templateId,
      account: cloud.accounts[k % plan.deployAccounts], domainid: cloud.rootDomainId, name: `vm${k}`,
    });
    vmIds[k] = vm.virtualmachine.id as string;
  });
}

type Latency = { p50: number; p99: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `samples` sequential calls after five warm-ups: the latency of one request on an otherwise idle server. */
async function latency(call: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < 5; i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const sqlTimingFile = process.argv.includes('--sql-timing') ? join(mkdtempSync(join(tmpdir(), 'nimbus-sql-')), 'sql.txt') : undefined;
const nodeOptions = [
  profileDir && `--cpu-prof --cpu-prof-dir=${profileDir}`,
  sqlTimingFile && `--import ${new URL('./sql-timing.ts', import.meta.url).pathname}`,
].filter(Boolean).join(' ');
const serverEnv: Record<string, string> = { ...(nodeOptions && { NODE_OPTIONS: nodeOptions }), ...(sqlTimingFile && { SQL_TIMING_FILE: sqlTimingFile }) };
const server = await startTestServer({ dialect: 'sqlite', env: serverEnv });
const times: Record<string, number> = {};
const lists: Array<{ command: string; count: number; bytes: number; api: Latency; bare: Latency }> = [];
try {
  const admin = await adminClient(server.url, server.adminPassword);
  log(`plan at scale ${scale}: ${JSON.stringify(plan)}`);
  const cloud = await createCloud(admin, plan.deployAccounts * 2 + 100);
  times.hosts1 = await timed(`add ${plan.hosts1} hosts`, () => growHosts(admin, cloud, plan.hosts1, concurrency));
  times.accounts1 = await timed(`create ${plan.deployAccounts} accounts`, () => growAccounts(admin, cloud, plan.deployAccounts, concurrency));
  times.deploy1 = await timed(`deploy ${plan.vms1} VMs`, () => deploy(admin, cloud, 0, plan.vms1));

  times.hosts2 = await timed(`grow to ${plan.hosts2} hosts`, () => growHosts(admin, cloud, plan.hosts2, concurrency));
  times.accounts2 = await timed(`grow to ${plan.accounts2} accounts`, () => growAccounts(admin, cloud, plan.accounts2, concurrency));
  times.deploy2 = await timed(`grow to ${plan.vms2} VMs`, () => deploy(admin, cloud, plan.vms1, plan.vms2));
  times.volumes = await timed(`create ${plan.vms2} data volumes`, () =>
    inParallel(plan.vms2, concurrency, async (k) => {
      await runJob(admin, 'createVolume', {
        zoneid: cloud.zone.id as string, diskofferingid: cloud.diskOfferingId, name: `data${k}`,
        account: cloud.accounts[k % plan.deployAccounts], domainid: cloud.rootDomainId,
      });
    }));

  // The baseline: a bare route in this process answering each list's own body as a constant string.
  const bodies = new Map<string, string>();
  const app = Fastify();
  app.get('/:command', (req, reply) => reply.type('application/json').send(bodies.get((req.params as { command: string }).command)));
  const bareUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  for (const command of ['listVirtualMachines', 'listAccounts', 'listHosts', 'listVolumes', 'listNetworks']) {
    const params: Record<string, boolean> = command === 'listHosts' ? {} : { listall: true };
    const first = await admin.call(command, params);
    if (first.status !== 200) throw new Error(`${command}: ${first.raw}`);
    bodies.set(command, first.raw);
    const api = await latency(() => admin.ok(command, params));
    const bare = await latency(async () => (await fetch(`${bareUrl}/${command}`)).text());
    lists.push({ command, count: first.body.count as number, bytes: first.raw.length, api, bare });
    log(`${command}: count ${first.body.count}, p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms (bare ${bare.p50.toFixed(1)} ms)`);
  }
  await app.close();
} finally {
  await server.stop();
}

const cpu = cpus();
console.log(`\n${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, SQLite, scale ${scale}\n`);
console.log('| phase | count | seconds | per second |');
console.log('| --- | ---: | ---: | ---: |');
const row = (what: string, count: number, s: number) => console.log(`| ${what} | ${count} | ${s.toFixed(1)} | ${(count / s).toFixed(1)} |`);
row('add hosts (first zone)', plan.hosts1, times.hosts1);
row('create deploy accounts', plan.deployAccounts, times.accounts1);
row('**deploy VMs (first zone)**', plan.vms1, times.deploy1);
row('grow hosts', plan.hosts2 - plan.hosts1, times.hosts2);
row('grow accounts', plan.accounts2 - plan.deployAccounts, times.accounts2);
row('grow VMs', plan.vms2 - plan.vms1, times.deploy2);
row('create data volumes', plan.vms2, times.volumes);
console.log(`\nDeploy goal (full scale): 12,000 VMs in under 120 s; this run: ${plan.vms1} in ${times.deploy1.toFixed(1)} s.\n`);
console.log('| list (root admin, listall=true, default page) | count | bytes | API p50 ms | API p99 ms | bare p50 ms | bare p99 ms | API / bare p50 |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const f = (ms: number) => ms.toFixed(1);
for (const { command, count, bytes, api, bare } of lists) {
  console.log(`| ${command} | ${count} | ${bytes} | ${f(api.p50)} | ${f(api.p99)} | ${f(bare.p50)} | ${f(bare.p99)} | ${(api.p50 / bare.p50).toFixed(1)} x |`);
}
console.log('\nList goal: every p50 under 100 ms.');
if (profileDir) console.log(`\n${summarizeProfiles(profileDir)}`);
if (sqlTimingFile) console.log(`\n${readFileSync(sqlTimingFile, 'utf8')}`);
