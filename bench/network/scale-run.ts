import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { mib } from './memory.ts';

interface Snapshot {
  networks: number;
  dnsmasq: { rssKb: number; pssKb: number; alive: number };
  metadata: { rssKb: number; pssKb: number; alive: number };
  kernelKb: number;
  usedKb: number;
}

interface ScaleResult {
  networks: number;
  totalS: number;
  setupMs: number[];
  rulesMs: number[];
  ruleMs: number[];
  snapshots: Snapshot[];
  destroyS: number;
  stoppedEarly?: string;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

/**
 * Runs scale.ts in a host namespace of its own (`<prefix>h`: the agent's bridges and public bridge go there, router
 * namespaces are global names with the prefix) and prints what it measured. The caller removes the prefix after.
 */
export async function runScale(o: { prefix: string; stateDir: string; count: number }): Promise<void> {
  const hostNs = `${o.prefix}h`;
  execFileSync('ip', ['netns', 'add', hostNs]);
  execFileSync('ip', ['-n', hostNs, 'link', 'set', 'lo', 'up']);
  console.log(`\nPart 2: ${o.count} isolated networks on one host (SetupNetwork with a lease and guest data + ApplyNetworkRules with a source NAT address, by the agent's handlers)`);
  let out = '';
  const child = spawn('nsenter', [`--net=/run/netns/${hostNs}`, process.execPath, join(import.meta.dirname, 'scale.ts'), o.prefix, o.stateDir, String(o.count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    process.stdout.write(d.toString().split('\n').filter((l) => l && !l.startsWith('RESULT ')).map((l) => `${l}\n`).join(''));
  });
  const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`scale.ts exited with ${code}`);
  const r = JSON.parse(line.slice('RESULT '.length)) as ScaleResult;
  const first = r.setupMs.slice(0, 10);
  const last = r.setupMs.slice(-10);
  const end = r.snapshots[r.snapshots.length - 1] as Snapshot;
  const per = (kb: number) => mib(kb / Math.max(r.networks, 1));
  console.log(`  ${r.networks} networks set up in ${r.totalS.toFixed(1)} s (${((r.totalS * 1000) / Math.max(r.networks, 1)).toFixed(0)} ms per network)${r.stoppedEarly ? ` (${r.stoppedEarly})` : ''}`);
  console.log(`  per network: first 10 mean ${mean(first).toFixed(0)} ms, last 10 mean ${mean(last).toFixed(0)} ms (${(mean(last) / mean(first)).toFixed(2)}x)`);
  console.log(`  of which ApplyNetworkRules (source NAT): first 10 mean ${mean(r.rulesMs.slice(0, 10)).toFixed(0)} ms, last 10 mean ${mean(r.rulesMs.slice(-10)).toFixed(0)} ms`);
  console.log(`  ApplyNetworkRules with one port forward more (agent handler alone): ${r.ruleMs.map((x) => x.toFixed(0)).join(', ')} ms`);
  console.log(`  router processes at the end: dnsmasq RSS ${mib(end.dnsmasq.rssKb)} MiB / PSS ${mib(end.dnsmasq.pssKb)} MiB (${per(end.dnsmasq.pssKb)} MiB PSS per network)`);
  console.log(`                               metadata RSS ${mib(end.metadata.rssKb)} MiB / PSS ${mib(end.metadata.pssKb)} MiB (${per(end.metadata.pssKb)} MiB PSS per network)`);
  console.log(`  kernel memory (slab + page tables + stacks + per-CPU) +${mib(end.kernelKb)} MiB (${per(end.kernelKb)} MiB per network); machine used +${mib(end.usedKb)} MiB`);
  console.log(`  destroyed all ${r.networks} (DestroyNetwork each) in ${r.destroyS.toFixed(1)} s`);
}
