/**
 * Simulator scale, in process (no server, no database): how much memory and time 25,000 simulated hosts take, with
 * their agents behind one gateway, a VM on each and a full ping round. Run:
 * `./scripts/run-node.sh --expose-gc bench/sim-scale/in-process.ts` (SIM_HOSTS, SIM_VMS_PER_HOST override the defaults).
 * The API benchmark of issue 3 (hosts, deploys and list latencies through the real server) is run.ts beside it;
 * results of both are in docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import type { VmSpec } from '@nimbus/protocol';
import { AgentGateway } from '../../packages/server/src/agents/gateway.ts';
import { Simulator } from '../../packages/server/src/agents/simulator/simulator.ts';

const hosts = Number(process.env.SIM_HOSTS ?? 25_000);
const vmsPerHost = Number(process.env.SIM_VMS_PER_HOST ?? 1);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn('run with --expose-gc for exact memory figures');

function heapBytes(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function timed<T>(what: string, fn: () => Promise<T>): Promise<{ what: string; ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { what, ms: performance.now() - t0, result };
}

function spec(n: number): VmSpec {
  const id = randomUUID();
  return {
    id,
    instanceName: `i-2-${n}-VM`,
    cpu: 1,
    speed: 500,
    memory: 512 * 1024 * 1024,
    disks: [{ volumeId: id, path: `pool/${id}`, type: 'ROOT', sizeBytes: 8 * 1024 ** 3, deviceId: 0 }],
    nics: [{ id: randomUUID(), networkId: 'net', mac: `02:00:${[n >> 16, n >> 8, n].map((b) => (b & 255).toString(16).padStart(2, '0')).join(':')}`, isDefault: true, deviceId: 0 }],
  };
}

const sim = new Simulator();
const gateway = new AgentGateway();
const ids = Array.from({ length: hosts }, () => randomUUID());
const base = heapBytes();

const add = await timed(`add and ready ${hosts} hosts`, async () => {
  for (let i = 0; i < hosts; i++) {
    const name = `sim-c${Math.floor(i / 100)}-h${i % 100}`;
    sim.addHost({ id: ids[i], name, cpuNumber: 16, cpuSpeed: 2400, memoryBytes: 128 * 1024 ** 3 });
    gateway.attach(ids[i], name, sim);
    await gateway.send(ids[i], { kind: 'ReadyHost', hostId: ids[i], name });
  }
});
const afterHosts = heapBytes();

const start = await timed(`start ${hosts * vmsPerHost} VMs`, async () => {
  let n = 0;
  for (let v = 0; v < vmsPerHost; v++) for (const id of ids) await gateway.send(id, { kind: 'StartVm', vm: spec(n++) });
});
const afterVms = heapBytes();

const ping = await timed('ping every host', () => gateway.pingAll(60_000));

const perHost = (afterHosts - base) / hosts;
const perVm = (afterVms - afterHosts) / Math.max(1, hosts * vmsPerHost);
console.log(`simulator scale: ${hosts} hosts, ${hosts * vmsPerHost} VMs (Node ${process.version})`);
for (const t of [add, start, ping]) console.log(`  ${t.what.padEnd(32)} ${t.ms.toFixed(0).padStart(7)} ms`);
console.log(`  memory per host (with its route)  ${(perHost / 1024).toFixed(2).padStart(7)} KiB`);
console.log(`  memory per running VM             ${(perVm / 1024).toFixed(2).padStart(7)} KiB`);
console.log(`  heap in use                       ${(afterVms / 1024 ** 2).toFixed(0).padStart(7)} MiB`);
