/**
 * The CloudStack API emulator (`nimbus server --simulator`): (1) spawn to its first signed answer with the Sandbox
 * zone built, against a bare Node process with a tiny HTTP server spawned to its first answer; (2) the Libcloud
 * journey of the compatibility suite through a recording proxy, against the same API calls replayed with a bare
 * HTTP client on a fresh emulator, in one run. Run: `npm run bench:emulator`. BENCH_SAMPLES (default 5) sets the
 * start-up samples, BENCH_JOURNEYS (default 5) the journey samples, BENCH_JOURNEY the script of test/compat.
 * Results: docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from '../../test/support/server.ts';
import { Children } from './children.ts';
import { journeyScript, libcloudImport, runJourney } from './journey.ts';
import { startRecordingProxy } from './proxy.ts';
import { recordingStats, replay } from './replay.ts';
import { bareNodeStartup, codeLoad, keys, startEmulator, type Emulator } from './startup.ts';

const samples = Number(process.env.BENCH_SAMPLES ?? 5);
const journeys = Number(process.env.BENCH_JOURNEYS ?? 5);
const script = journeyScript();
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
  const bare: number[] = [];
  const emulators: Emulator[] = [];
  const loads: number[] = [];
  for (let i = 0; i < samples; i++) {
    bare.push(await bareNodeStartup(children));
    const e = await startEmulator(children, dir);
    emulators.push(e);
    await children.stop(e.child);
    loads.push(await codeLoad(children));
  }
  const ready = emulators.map((e) => e.ready);
  console.log(`Start-up, spawn to first answer, polled every millisecond; medians of ${samples} samples`);
  console.log(`  bare Node (-e: a tiny HTTP server), first answer:         ${s(median(bare))} s   samples ${list(bare)}`);
  console.log(`  nimbus server --simulator, signed listZones with the zone: ${s(median(ready))} s   samples ${list(ready)}`);
  console.log(`    of which: code loaded (--help exits) ${s(median(loads))} s; listening ${s(median(emulators.map((e) => e.listening)))} s; ` +
    `fixed keys accepted ${s(median(emulators.map((e) => e.signed)))} s; zone built ${s(median(ready))} s`);
  console.log(`  ratio emulator / bare Node: ${(median(ready) / median(bare)).toFixed(1)}x`);
  console.log(`  load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // Both journeys start a second after their emulator is ready: neither then pays the tail of its start (code still
  // being compiled, the first writes), which libcloud would otherwise partly sleep through while python imports.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
  const lib: number[] = [];
  const spans: number[] = [];
  const replays: number[] = [];
  const imports: number[] = [];
  const sleeps: number[] = [];
  console.log(`Journey: test/compat/${basename(script)}, ${journeys} samples, each on two fresh emulators`);
  for (let i = 0; i < journeys; i++) {
    const recordingEmulator = await startEmulator(children, dir);
    const proxy = await startRecordingProxy(recordingEmulator.url);
    await settle();
    const journey = await runJourney(children, script, proxy.url).finally(() => proxy.close());
    await children.stop(recordingEmulator.child);
    const st = recordingStats(proxy.records);
    const replayEmulator = await startEmulator(children, dir);
    await settle();
    const r = await replay(proxy.records, replayEmulator.url, keys);
    await children.stop(replayEmulator.child);
    if (r.mismatches.length) throw new Error(`the replay is not the recorded journey:\n  ${r.mismatches.join('\n  ')}`);
    imports.push(await libcloudImport(children));
    lib.push(journey.ms);
    spans.push(st.spanMs);
    replays.push(r.ms);
    sleeps.push(st.pendingPolls * 1000);
    console.log(`  sample ${i + 1}: libcloud ${s(journey.ms)} s (${journey.steps} steps printed); first call to last answer ${s(st.spanMs)} s = ` +
      `emulator ${s(st.upstreamMs)} + proxy ${s(st.proxyMs)} + libcloud between calls ${s(st.clientMs)}`);
    console.log(`            ${st.calls} calls, ${st.polls} of them queryAsyncJobResult, ${st.pendingPolls} found the job running (libcloud then sleeps 1 s); ` +
      `slowest at the emulator: ${st.slowest.join(', ')}`);
    console.log(`            replay ${s(r.ms)} s: ${r.calls} calls, ${r.polls} of them polls (no wait), ${r.idsMapped} ids mapped` +
      (r.conflicts.length ? `; pairings in doubt (first kept): ${[...new Set(r.conflicts)].join(', ')}` : ''));
  }
  console.log(`  libcloud journey (python spawn to exit, through the proxy): ${s(median(lib))} s   samples ${list(lib)}`);
  console.log(`    python + Libcloud import alone: ${s(median(imports))} s; first call to last answer: ${s(median(spans))} s; ` +
    `1 s job-poll sleeps: ${s(median(sleeps))} s (samples ${list(sleeps)})`);
  console.log(`  replay, bare HTTP client (Node fetch):                     ${s(median(replays))} s   samples ${list(replays)}`);
  console.log(`  ratio libcloud / replay: ${(median(lib) / median(replays)).toFixed(1)}x; its calls alone (first to last) / replay: ${(median(spans) / median(replays)).toFixed(1)}x`);
  console.log(`  load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await cleanup();
}
