/**
 * Guest networking: (1) through the API with a real agent, a router rebuilt from nothing (`restartNetwork
 * cleanup=true`) and one rule applied (`createPortForwardingRule`, then the `createFirewallRule` that opens it),
 * each against the raw `ip`, `nft`, `dnsmasq` commands for the same result run directly, in one run; (2) many
 * isolated networks on one host through the agent's own handlers: time per network and memory. Run (root):
 * `npm run bench:network`; `--part api` or `--part scale` runs one part; BENCH_NETWORKS (default 250) sets part 2's
 * count, BENCH_SAMPLES (default 5) part 1's repetitions. Results: docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanupPrefix } from '../../test/support/agent.ts';
import { uniquePrefix } from '../../test/support/netns.ts';
import { runApi } from './api.ts';
import { runScale } from './scale-run.ts';

const { values } = parseArgs({ options: { part: { type: 'string', default: 'all' } } });
const part = values.part as string;
if (!['all', 'api', 'scale'].includes(part)) throw new Error(`--part must be all, api or scale (not ${part})`);
const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), `nimbus-bench-network-${prefix}-`));
const stops: (() => Promise<void>)[] = [];

// One cleanup, awaited by whoever comes second (a signal during the run's own failure must not exit half-way).
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
    cleanupPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: removing everything named ${prefix}*`);
    void cleanup().finally(() => process.exit(130));
  });
}

console.log(`bench/network on ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, prefix ${prefix}`);
try {
  if (part !== 'scale') await runApi({ prefix, dir, samples: Number(process.env.BENCH_SAMPLES ?? 5), onStop: (f) => stops.push(f) });
  if (part !== 'api') await runScale({ prefix, stateDir: join(dir, 'scale'), count: Number(process.env.BENCH_NETWORKS ?? 250) });
} finally {
  await cleanup();
}
