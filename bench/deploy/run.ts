/**
 * Deploy: a VM deployed through the API until its guest answers HTTP on its network, against a bare
 * `qemu-system-x86_64` launch of the same template to the same point, in one run; then 5 and 10 VMs deployed at
 * once. Run: `npm run bench:deploy` (root; QEMU runs TCG unless the host has real VMX/SVM). BENCH_SAMPLES (default 3)
 * sets the samples of the single-VM figures. Results: docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupPrefix, startTestAgent } from '../../test/support/agent.ts';
import { adminClient, type Body } from '../../test/support/client.ts';
import { buildKvmZone, guestTemplate } from '../../test/support/kvm.ts';
import { uniquePrefix } from '../../test/support/netns.ts';
import { startTestServer } from '../../test/support/server.ts';
import { rawBoot } from './raw.ts';

const samples = Number(process.env.BENCH_SAMPLES ?? 3);
const prefix = uniquePrefix();
const dir = mkdtempSync(join(tmpdir(), `nimbus-bench-deploy-${prefix}-`));
const accel = existsSync('/sys/module/kvm_intel') || existsSync('/sys/module/kvm_amd') ? 'KVM' : 'TCG (software emulation)';

const answers = (ns: string, ip: string) => {
  try {
    execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '-m', '1', '-o', '/dev/null', '-w', '%{http_code}', `http://${ip}/`], { timeout: 3000 });
    return true;
  } catch {
    return false;
  }
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startTestServer({ host: '0.0.0.0', agentHost: '0.0.0.0' });
const agent = await startTestAgent(server, { prefix, storageDir: join(dir, 'local') });
try {
  const admin = await adminClient(server.url, server.adminPassword);
  const zone = await buildKvmZone(admin, server, [agent], { poolDir: join(dir, 'primary') });
  await admin.ok('updateConfiguration', { name: 'expunge.delay', value: '0' });
  const routerNs = (networkId: string) => `${prefix}r-${networkId.replace(/-/g, '').slice(0, 8)}`;

  /** Deploys `n` VMs at once; seconds from the first API call until every guest answers HTTP. */
  const deploy = async (n: number, tag: string): Promise<number> => {
    const started = performance.now();
    const jobs = await Promise.all(
      Array.from({ length: n }, (_, i) => admin.ok('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: `${tag}-${i}` })),
    );
    const vms = await Promise.all(jobs.map(async (j) => {
      const r = await admin.waitForJob(j.jobid as string, 600_000);
      if (r.jobstatus !== 1) throw new Error(`deploy failed: ${JSON.stringify(r.jobresult)}`);
      return r.jobresult.virtualmachine as Body;
    }));
    await Promise.all(vms.map(async (vm) => {
      const nic = vm.nic[0] as Body;
      const deadline = Date.now() + 600_000;
      while (!answers(routerNs(nic.networkid), nic.ipaddress)) {
        if (Date.now() > deadline) throw new Error(`${vm.name} did not answer`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(vms.map((vm) => admin.job('destroyVirtualMachine', { id: vm.id, expunge: true }, 120_000)));
    return seconds;
  };

  // One warm-up deploy: the host fetches and caches the template on its pool the first time.
  await deploy(1, 'warm');
  const template = guestTemplate();
  const api: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < samples; i++) {
    raw.push(await rawBoot({ ns: `${prefix}raw`, dir, template, answers }));
    api.push(await deploy(1, `one${i}`));
  }
  const five = await deploy(5, 'five');
  const ten = await deploy(10, 'ten');
  const [a, r] = [median(api), median(raw)];
  console.log(`\nbench/deploy on ${cpus().length} CPUs, ${accel}; medians of ${samples} samples`);
  console.log(`  raw qemu (qemu-img create -> HTTP answer):        ${r.toFixed(2)} s   samples ${raw.map((x) => x.toFixed(2)).join(', ')}`);
  console.log(`  API deploy (deployVirtualMachine -> HTTP answer): ${a.toFixed(2)} s   samples ${api.map((x) => x.toFixed(2)).join(', ')}`);
  console.log(`  ratio API / raw: ${(a / r).toFixed(2)}x (goal <= 1.2x)`);
  console.log(`  5 VMs at once:  all answer after ${five.toFixed(1)} s (${(five / 5).toFixed(2)} s per VM)`);
  console.log(`  10 VMs at once: all answer after ${ten.toFixed(1)} s (${(ten / 10).toFixed(2)} s per VM)`);
} finally {
  await agent.stop();
  await server.stop();
  cleanupPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
}
