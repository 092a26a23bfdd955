/**
 * The CloudStack API emulator (`nimbus server --simulator`): (1) spawn to its first signed answer with the Sandbox
 * zone built, against a bare Node process with a tiny HTTP server spawned to its first answer; (2) the Libcloud
 * journey of the compatibility suite through a recording proxy, against the same API calls replayed with a bare
 * HTTP client on a fresh emulator, in one run. Run: `npm run bench:emulator`. BENCH_SAMPLES (default 5) sets the
 * start-up samples, BENCH_JOURNEYS (default 5) the journey samples.
 * Results: docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from '../../test/support/server.ts';
import { Children } from './children.ts';
import { journeyScript, libcloudImport } from './journey.ts';
import { journeySample, type JourneySample, type LibcloudRun } from './journey-sample.ts';
import type { ReplayResult } from './replay.ts';
import { bareNodeStartup, codeLoad, startEmulator, type Emulator } from './startup.ts';

const samples = Number(process.env.BENCH_SAMPLES ?? 5);
const journeys = Number(process.env.BENCH_JOURNEYS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'nimbus-bench-emulator-'));
const children = new Children();

// One cleanup, awaited by whoever comes second (a signal during the run's own failure must not exit half-way).
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await children.stopAll();
    rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping every process the benchmark started`);
    void cleanup().finally(() => process.exit(130));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => (ms / 1000).toFixed(3);
const list = (xs: number[]) => xs.map(s).join(', ');
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();

console.log(`bench/emulator on ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, commit ${commit}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
try {
  // Node's compile cache keeps compiled code and the TypeScript with its types stripped between starts; one start
  // fills it. bin/nimbus enables it: the uncached figure is a first start (or one after the sources changed).
  const compileCache = { NODE_COMPILE_CACHE: join(dir, 'compile-cache') };
  await children.stop((await startEmulator(children, dir, compileCache)).child);
  const bare: number[] = [];
  const emulators: Emulator[] = [];
  const cached: Emulator[] = [];
  const loads: number[] = [];
  const start = async (env?: Record<string, string>) => {
    const e = await startEmulator(children, dir, env);
    await children.stop(e.child);
    return e;
  };
  for (let i = 0; i < samples; i++) {
    bare.push(await bareNodeStartup(children));
    emulators.push(await start());
    cached.push(await start(compileCache));
    loads.push(await codeLoad(children));
  }
  const ready = emulators.map((e) => e.ready);
  const cachedReady = cached.map((e) => e.ready);
  console.log(`Start-up, spawn to first answer, polled every millisecond; medians of ${samples} samples`);
  console.log(`  bare Node (-e: a tiny HTTP server), first answer:         ${s(median(bare))} s   samples ${list(bare)}`);
  console.log(`  nimbus server --simulator, signed listZones with the zone: ${s(median(ready))} s   samples ${list(ready)}`);
  console.log(`    of which: code loaded (--help exits) ${s(median(loads))} s; listening ${s(median(emulators.map((e) => e.listening)))} s; ` +
    `fixed keys accepted ${s(median(emulators.map((e) => e.signed)))} s; zone built ${s(median(ready))} s`);
  console.log(`  ratio emulator / bare Node: ${(median(ready) / median(bare)).toFixed(1)}x`);
  console.log(`  with Node's compile cache (NODE_COMPILE_CACHE, filled): ${s(median(cachedReady))} s   samples ${list(cachedReady)}; ` +
    `listening ${s(median(cached.map((e) => e.listening)))} s; ratio to bare Node ${(median(cachedReady) / median(bare)).toFixed(1)}x`);
  console.log(`  load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  console.log(`Journey: test/compat/${basename(journeyScript)}; ${journeys} samples, each libcloud on a fresh emulator, its replay on another, ` +
    'then the replay again and libcloud again on that warm one');
  const runs: JourneySample[] = [];
  for (let i = 0; i < journeys; i++) {
    const j = await journeySample(children, dir);
    runs.push(j);
    const st = j.cold.stats;
    console.log(`  sample ${i + 1}: libcloud ${s(j.cold.ms)} s (${j.cold.steps} steps printed); first call to last answer ${s(st.spanMs)} s = ` +
      `emulator ${s(st.upstreamMs)} + proxy ${s(st.proxyMs)} + libcloud between calls ${s(st.clientMs)}`);
    console.log(`            ${st.calls} calls, ${st.polls} of them queryAsyncJobResult, ${st.pendingPolls} found the job running (libcloud then sleeps 1 s); ` +
      `slowest at the emulator: ${st.slowest.join(', ')}`);
    const doubts = [...new Set(j.coldReplay.conflicts)];
    console.log(`            replay ${s(j.coldReplay.ms)} s: ${j.coldReplay.calls} calls, ${j.coldReplay.polls} of them polls (no wait), ` +
      `${j.coldReplay.idsMapped} ids mapped${doubts.length ? `; pairings in doubt (first kept): ${doubts.join(', ')}` : ''}`);
    console.log(`            warm emulator: replay ${s(j.warmReplay.ms)} s; libcloud ${s(j.warm.ms)} s, first call to last answer ${s(j.warm.stats.spanMs)} s, ` +
      `${j.warm.stats.pendingPolls} polls found the job running`);
  }
  const imports: number[] = [];
  for (let i = 0; i < journeys; i++) imports.push(await libcloudImport(children));
  const summary = (label: string, lib: LibcloudRun[], rep: ReplayResult[]) => {
    const [l, span, r] = [median(lib.map((x) => x.ms)), median(lib.map((x) => x.stats.spanMs)), median(rep.map((x) => x.ms))];
    console.log(`  ${label}`);
    console.log(`    libcloud journey (python spawn to exit, through the proxy): ${s(l)} s   samples ${list(lib.map((x) => x.ms))}`);
    console.log(`      its calls alone (first call to last answer):           ${s(span)} s   samples ${list(lib.map((x) => x.stats.spanMs))}`);
    console.log(`    replay, bare HTTP client (Node fetch):                     ${s(r)} s   samples ${list(rep.map((x) => x.ms))}`);
    console.log(`    ratio libcloud / replay: ${(l / r).toFixed(1)}x; its calls alone / replay: ${(span / r).toFixed(1)}x`);
  };
  summary('fresh emulators (what a client\'s test suite meets):', runs.map((j) => j.cold), runs.map((j) => j.coldReplay));
  summary('warm emulator:', runs.map((j) => j.warm), runs.map((j) => j.warmReplay));
  const all = runs.flatMap((j) => [j.cold, j.warm]);
  const pending = all.reduce((n, x) => n + x.stats.pendingPolls, 0);
  console.log(`  python + Libcloud import alone: ${s(median(imports))} s   samples ${list(imports)}`);
  console.log(`  libcloud's 1 s job-poll sleeps: ${pending} in ${all.length} journeys (${all.reduce((n, x) => n + x.stats.polls, 0)} polls), ` +
    `${s(pending * 1000)} s of ${s(all.reduce((t, x) => t + x.ms, 0))} s`);
  console.log(`  load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await cleanup();
}
