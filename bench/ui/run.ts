/**
 * The web UI with 10,000 VMs (issue 6): a server on a throw-away SQLite database with a simulator zone and one
 * tenant's BENCH_VMS (10,000) VMs, the built UI in Debian's Chromium: login to an interactive instances list, paging,
 * page size, search and state filter, timed in the page (medians of BENCH_SAMPLES, default 5), each against the same
 * listVirtualMachines call (same parameters) made with a bare signed fetch from Node. Run: `npm run bench:ui`.
 * Results and how to read them: docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { openBrowser, type TestBrowser } from '../../test/browser/support/browser.ts';
import { adminClient } from '../../test/support/client.ts';
import { repoRoot, startTestServer, type TestServer } from '../../test/support/server.ts';
import { fillZone, STOPPED_EVERY } from './fill.ts';
import { inPageScript } from './in-page.ts';
import { breakdown, listCall, sample, steps, type Sample } from './measure.ts';

const vms = Number(process.env.BENCH_VMS ?? 10_000);
const samples = Number(process.env.BENCH_SAMPLES ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
// vm123 and vm1230..vm1239: eleven VMs of 10,000 (at least one with BENCH_VMS >= 200).
const keyword = 'vm123';
if (!(vms >= 200)) throw new Error(`BENCH_VMS must be at least 200 (two pages of 100), not ${process.env.BENCH_VMS}`);

const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
// One cleanup, awaited by whoever comes second (Ctrl-C during the run's own failure must not exit half-way).
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await browser?.close();
    await server?.stop();
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping the server and Chromium`);
    void cleanup().finally(() => process.exit(130));
  });
}

if (!existsSync(join(repoRoot, 'packages/ui/dist/index.html'))) {
  log('building the UI (npm run build:ui)');
  execFileSync('npm', ['run', 'build:ui'], { cwd: repoRoot, stdio: 'inherit' });
}
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
const results: Sample[] = [];
const bare: Record<string, number> = {};
let fillSeconds = 0;
try {
  server = await startTestServer({ dialect: 'sqlite' });
  const admin = await adminClient(server.url, server.adminPassword);
  const t0 = performance.now();
  const tenant = await fillZone(admin, vms, concurrency, log);
  fillSeconds = (performance.now() - t0) / 1000;
  log(`zone filled: ${vms} VMs of tenant ${tenant.username} (every ${STOPPED_EVERY}th Stopped) in ${fillSeconds.toFixed(1)} s`);

  browser = await openBrowser({ reducedMotion: false });
  await browser.context.addInitScript(inPageScript);
  await browser.page.close();
  const uiUrl = `http://127.0.0.1:${server.port}/client/`;
  for (let i = 0; i < samples; i++) {
    const s = await sample(browser.context, uiUrl, tenant.username, tenant.password, keyword, vms);
    results.push(s);
    log(`sample ${i + 1}: ${steps.map((step) => `${step} ${s[step].ms.toFixed(0)} ms (list ${listCall(s[step]).ms.toFixed(0)})`).join(', ')}`);
  }

  // The baseline: each step's listVirtualMachines, with the parameters the UI sent, signed with the tenant's keys.
  for (const step of steps) {
    const params = listCall(results[0][step]).params;
    const ms: number[] = [];
    for (let i = 0; i < samples + 1; i++) {
      const t = performance.now();
      const r = await tenant.client.call('listVirtualMachines', params);
      if (r.status !== 200) throw new Error(`listVirtualMachines ${JSON.stringify(params)} failed: ${r.raw}`);
      if (i > 0) ms.push(performance.now() - t);
    }
    bare[step] = median(ms);
  }
} finally {
  await cleanup();
}

const f = (ms: number) => ms.toFixed(0);
const med = (pick: (s: Sample) => number) => median(results.map(pick));
const cpu = cpus();
console.log(`\n${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, SQLite, ` +
  `commit ${commit}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${vms} VMs of one tenant, filled in ${fillSeconds.toFixed(1)} s; medians of ${samples} samples, each on a new tab (warm browser cache)\n`);
console.log('| step | listVirtualMachines params | UI in Chromium ms | of which: action to request | its listVirtualMachines in Chromium | answer to rows shown | bare signed fetch ms | UI / bare |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const step of steps) {
  const params = listCall(results[0][step]).params;
  const ui = med((s) => s[step].ms);
  const parts = results.map((s) => breakdown(s[step]));
  const [before, list, after] = [median(parts.map((p) => p.before)), median(parts.map((p) => p.list)), median(parts.map((p) => p.after))];
  console.log(`| ${step} | ${new URLSearchParams(params).toString()} | ${f(ui)} | ${f(before)} | ${f(list)} | ${f(after)} | ${f(bare[step])} | ${(ui / bare[step]).toFixed(1)} x |`);
}
const loginCalls = results[0].login.calls.map((c) => c.command);
console.log(`\nlogin's API calls, in the order they ended: ${loginCalls.join(', ')}`);
for (const command of new Set(loginCalls)) {
  const ms = med((s) => s.login.calls.filter((c) => c.command === command).reduce((t, c) => t + c.ms, 0));
  console.log(`  ${command}: ${f(ms)} ms (median, in Chromium's resource timing)`);
}
