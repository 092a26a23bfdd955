/**
 * Part 2 of bench/network, run by run.ts inside a host namespace of its own (nsenter): `count` isolated networks set
 * up on one "host" by the agent's own handlers, with the commands the server sends a new network with one VM
 * (SetupNetwork with a lease and guest data, then ApplyNetworkRules with a source NAT address), one after another.
 * Prints progress, memory after 20 networks and at the end, then a `RESULT <json>` line; destroys every network
 * through DestroyNetwork (timed) before it exits. Usage: scale.ts <prefix> <stateDir> <count>
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pino from 'pino';
import type { AgentConfig } from '../../packages/agent/src/config.ts';
import type { AgentContext } from '../../packages/agent/src/handlers/handler.ts';
import { destroyNetwork, setupNetwork } from '../../packages/agent/src/handlers/network.ts';
import { applyNetworkRules } from '../../packages/agent/src/handlers/network-rules.ts';
import { networkTag } from '../../packages/agent/src/network/names.ts';
import { runningDnsmasq } from '../../packages/agent/src/network/dnsmasq.ts';
import { runningMetadata } from '../../packages/agent/src/network/metadata/service.ts';
import { kernelDeltaKb, memInfo, mib, processMemory, type MemInfo } from './memory.ts';

const [prefix, stateDir, countArg] = process.argv.slice(2);
if (!prefix || !stateDir || !countArg) throw new Error('usage: scale.ts <prefix> <stateDir> <count>');
const count = Number(countArg);
/** Stop adding networks when the machine gets this short of memory: it is shared with other engineers' guests. */
const minAvailableKb = 3 * 1024 * 1024;

const ctx: AgentContext = { config: { prefix, stateDir } as AgentConfig, log: pino({ level: 'silent' }) } as AgentContext;
const dir = (id: string) => join(stateDir, 'net', id);

/** What the server would send for network `i`: every network is 10.1.1.0/24 (as CloudStack's default), public addresses differ. */
function commands(i: number, networkId: string) {
  const guestIp = '10.1.1.10';
  const publicIp = `198.18.${1 + Math.floor(i / 200)}.${10 + (i % 200)}`;
  const setup = {
    kind: 'SetupNetwork' as const,
    networkId,
    cidr: '10.1.1.0/24',
    gateway: '10.1.1.1',
    netmask: '255.255.255.0',
    domain: 'cs1cloud.internal',
    dns: ['8.8.8.8'],
    leases: [{ mac: `02:00:0a:01:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, ip: guestIp, hostname: `vm-${i}` }],
    guestData: [{ ip: guestIp, metaData: { 'instance-id': `i-2-${i}-VM`, 'local-ipv4': guestIp, 'local-hostname': `vm-${i}`, 'public-ipv4': publicIp }, publicKeys: [] }],
  };
  const rules = {
    kind: 'ApplyNetworkRules' as const,
    networkId,
    publicIps: [{ id: `ip-${i}`, ip: publicIp, netmask: '255.255.0.0', gateway: '198.18.0.1', sourceNat: true }],
    portForwards: [],
    staticNats: [],
    firewall: [],
    egress: [],
    guestCidr: '10.1.1.0/24',
  };
  return { setup, rules };
}

function routerPids(ids: string[]): { dnsmasq: number[]; metadata: number[] } {
  return {
    dnsmasq: ids.flatMap((id) => runningDnsmasq(dir(id))?.pid ?? []),
    // One daemon serves every router: counted once.
    metadata: [...new Set(ids.flatMap((id) => runningMetadata(dir(id))?.pid ?? []))],
  };
}

interface Snapshot {
  networks: number;
  dnsmasq: { rssKb: number; pssKb: number; alive: number };
  metadata: { rssKb: number; pssKb: number; alive: number };
  kernelKb: number;
  usedKb: number;
}

function snapshot(ids: string[], before: MemInfo): Snapshot {
  const pids = routerPids(ids);
  const now = memInfo();
  const s = { networks: ids.length, dnsmasq: processMemory(pids.dnsmasq), metadata: processMemory(pids.metadata), kernelKb: kernelDeltaKb(before, now), usedKb: now.usedKb - before.usedKb };
  const per = (kb: number, n: number) => mib(kb / Math.max(n, 1));
  console.log(
    `  after ${s.networks} networks: dnsmasq ${s.dnsmasq.alive} procs RSS ${mib(s.dnsmasq.rssKb)} MiB (${per(s.dnsmasq.rssKb, s.dnsmasq.alive)} each), PSS ${mib(s.dnsmasq.pssKb)} MiB; ` +
      `metadata ${s.metadata.alive} procs RSS ${mib(s.metadata.rssKb)} MiB (${per(s.metadata.rssKb, s.metadata.alive)} each), PSS ${mib(s.metadata.pssKb)} MiB; ` +
      `kernel (slab+page tables+stacks+percpu) +${mib(s.kernelKb)} MiB; machine used +${mib(s.usedKb)} MiB`,
  );
  return s;
}

const ids: string[] = [];
const setupMs: number[] = [];
/** Of each network's time, the ApplyNetworkRules part. */
const rulesMs: number[] = [];
const before = memInfo();
const snapshots: Snapshot[] = [];
let stoppedEarly: string | undefined;
const started = performance.now();
for (let i = 0; i < count; i++) {
  if (memInfo().availableKb < minAvailableKb) {
    stoppedEarly = `stopped at ${i} networks: MemAvailable below ${mib(minAvailableKb)} MiB`;
    console.log(`  ${stoppedEarly}`);
    break;
  }
  let networkId = randomUUID();
  while (ids.some((id) => networkTag(id) === networkTag(networkId))) networkId = randomUUID();
  const { setup, rules } = commands(i, networkId);
  ids.push(networkId);
  const t0 = performance.now();
  await setupNetwork(ctx, setup);
  const t1 = performance.now();
  await applyNetworkRules(ctx, rules);
  setupMs.push(performance.now() - t0);
  rulesMs.push(performance.now() - t1);
  if (ids.length === 20 || ids.length % 50 === 0) snapshots.push(snapshot(ids, before));
  else if (ids.length % 10 === 0) console.log(`  ${ids.length} networks, last one ${setupMs[setupMs.length - 1]?.toFixed(0)} ms`);
}
const totalS = (performance.now() - started) / 1000;
if (snapshots[snapshots.length - 1]?.networks !== ids.length) snapshots.push(snapshot(ids, before));

// One more rule (a port forward) on a few routers, as the server sends it: the agent's share of "apply one rule".
const ruleMs: number[] = [];
for (const [i, networkId] of ids.slice(0, 5).entries()) {
  const { rules } = commands(i, networkId);
  const forward = { id: `pf-${i}`, publicIp: rules.publicIps[0]?.ip as string, protocol: 'tcp' as const, publicPorts: [8080, 8080] as [number, number], guestIp: '10.1.1.10', privatePorts: [80, 80] as [number, number] };
  const t0 = performance.now();
  await applyNetworkRules(ctx, { ...rules, portForwards: [forward] });
  ruleMs.push(performance.now() - t0);
}

const destroyStarted = performance.now();
for (const networkId of ids) await destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId });
const destroyS = (performance.now() - destroyStarted) / 1000;
console.log(`RESULT ${JSON.stringify({ networks: ids.length, totalS, setupMs, rulesMs, ruleMs, snapshots, destroyS, stoppedEarly, after: memInfo().usedKb - before.usedKb })}`);
