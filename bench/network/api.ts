import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestAgent } from '../../test/support/agent.ts';
import { adminClient, type ApiClient, type Body } from '../../test/support/client.ts';
import { createTenant } from '../../test/support/identity.ts';
import { buildKvmZone } from '../../test/support/kvm.ts';
import { startTestServer } from '../../test/support/server.ts';
import { rawRouter, replacing, type RouterConfig } from './raw.ts';

// Part 1 of bench/network: a KVM zone with one agent (in a namespace, as bench/deploy), one tenant VM on its
// isolated network with a source NAT address and one more address, then timed API jobs against the raw router.

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return (s.length % 2 ? s[mid] : ((s[mid - 1] as number) + (s[mid] as number)) / 2) as number;
};
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(', ');
const sh = (args: string[]) => execFileSync(args[0] as string, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 }).toString();

/**
 * Seconds from the API call to the job's end, as the API says it. Polls compete with the job for the two cores (a
 * poll every millisecond slowed a rebuild's job by 50 ms), and a pause between polls is an error on every figure: so
 * with `settled` (the agent's log shows its last command of the job done), the client polls only from then on,
 * every millisecond; without, every 5 ms.
 */
async function timedJob(client: ApiClient, command: string, params: Record<string, string | number | boolean>, settled?: () => boolean): Promise<{ seconds: number; result: Body; at: number }> {
  const at = Date.now();
  const started = performance.now();
  const { jobid } = await client.ok(command, params);
  if (settled) while (!settled() && performance.now() - started < 30_000) await new Promise((res) => setTimeout(res, 1));
  for (;;) {
    const r = await client.ok('queryAsyncJobResult', { jobid });
    if (r.jobstatus === 2) throw new Error(`${command} failed: ${JSON.stringify(r.jobresult)}`);
    if (r.jobstatus === 1) return { seconds: (performance.now() - started) / 1000, result: r.jobresult as Body, at };
    await new Promise((res) => setTimeout(res, settled ? 1 : 5));
  }
}

/** Whether the agent's log has gained `count` lines with `message` since now (a job's last agent command done). */
function logged(agent: { output(): string }, message: string, count = 1): () => boolean {
  const from = agent.output().length;
  const marker = `"msg":"${message}"`;
  return () => agent.output().slice(from).split(marker).length - 1 >= count;
}

const pidArgs = (pidFile: string) => {
  const pid = readFileSync(pidFile, 'utf8').trim();
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
};

/** What the agent's router for `networkId` holds now. */
function routerConfig(stateDir: string, routerNs: string, networkId: string): RouterConfig {
  const networkDir = join(stateDir, 'net', networkId);
  const addrs = (dev: string) => sh(['ip', '-n', routerNs, '-4', '-o', 'addr', 'show', 'dev', dev]).split('\n').filter(Boolean).map((l) => l.split(/\s+/)[3] as string);
  const route = /default via (\S+)/.exec(sh(['ip', '-n', routerNs, 'route', 'show', 'default']));
  if (!route) throw new Error(`router ${routerNs} has no default route`);
  return {
    guestAddress: addrs('eth0')[0] as string,
    publicAddresses: addrs('eth1'),
    publicGateway: route[1] as string,
    table: sh(['ip', 'netns', 'exec', routerNs, 'nft', 'list', 'table', 'ip', 'nimbus']),
    dnsmasqArgs: pidArgs(join(networkDir, 'dnsmasq.pid')).slice(1),
    networkDir,
  };
}

/** The agent's log messages that end each router command, with their times (ms since the epoch). */
const ends = { DestroyNetwork: 'network destroyed', SetupNetwork: 'network set up', ApplyNetworkRules: 'network rules applied' } as const;

/**
 * Where a job's time went, from the agent's log: seconds from the API call to the end of each agent command in
 * `kinds` (each span holds the server's work before the command, the round trip and the agent's handler), then to
 * the job's end as the client saw it (the server finishing the job, and the poll).
 */
function timeline(agentLog: string, job: { at: number; seconds: number }, kinds: (keyof typeof ends)[]): number[] {
  const marks = agentLog.split('\n').flatMap((l) => {
    try {
      const j = JSON.parse(l) as { time: number; msg: string };
      return j.time >= job.at ? [j] : [];
    } catch {
      return [];
    }
  });
  let last = job.at;
  const spans = kinds.map((k) => {
    const mark = marks.find((m) => m.msg === ends[k] && m.time >= last);
    if (!mark) throw new Error(`the agent's log has no '${ends[k]}' after the ${k} of this job`);
    const span = (mark.time - last) / 1000;
    last = mark.time;
    return span;
  });
  return [...spans, job.at / 1000 + job.seconds - last / 1000];
}

const medians = (rows: number[][]) => (rows[0] ?? []).map((_, i) => median(rows.map((r) => r[i] as number)));
const spans = (labels: string[], values: number[]) => labels.map((l, i) => `${l} ${(values[i] as number).toFixed(3)}`).join(', ');

export async function runApi(o: { prefix: string; dir: string; samples: number; onStop: (f: () => Promise<void>) => void }): Promise<void> {
  console.log('\nPart 1: through the API with a real agent, against the raw commands for the same result');
  const server = await startTestServer({ host: '0.0.0.0', agentHost: '0.0.0.0' });
  o.onStop(() => server.stop());
  const agent = await startTestAgent(server, { prefix: o.prefix, storageDir: join(o.dir, 'local') });
  o.onStop(() => agent.stop());
  const admin = await adminClient(server.url, server.adminPassword);
  const zone = await buildKvmZone(admin, server, [agent], { poolDir: join(o.dir, 'primary') });
  await admin.ok('createVlanIpRange', { zoneid: zone.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.40', forvirtualnetwork: true });
  const tenant = (await createTenant(admin, { username: 'bench' })).client;
  const { result } = await timedJob(tenant, 'deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: 'bench-web' });
  const vm = result.virtualmachine as Body;
  const networkId = vm.nic[0].networkid as string;
  const routerNs = `${o.prefix}r-${networkId.replace(/-/g, '').slice(0, 8)}`;
  // The guest's boot is CPU-bound under TCG: measure once it is over (it answers HTTP).
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      sh(['ip', 'netns', 'exec', routerNs, 'curl', '-s', '-m', '1', '-o', '/dev/null', `http://${vm.nic[0].ipaddress}/`]);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('the guest did not answer within 180 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const ip = (await timedJob(tenant, 'associateIpAddress', { networkid: networkId })).result.ipaddress as Body;
  const raw = await rawRouter({ prefix: o.prefix, dir: o.dir, config: routerConfig(agent.stateDir, routerNs, networkId) });
  await raw.rebuild();
  const rawAddrs = await raw.addresses();
  for (const a of routerConfig(agent.stateDir, routerNs, networkId).publicAddresses) if (!rawAddrs.includes(a)) throw new Error(`the raw router lacks ${a}:\n${rawAddrs}`);

  const api = { restart: [] as number[], pf: [] as number[], fw: [] as number[] };
  const apiSpans = { restart: [] as number[][], pf: [] as number[][], fw: [] as number[][] };
  const rawPhases: number[][] = [];
  const base = { restart: [] as number[], pf: [] as number[], fw: [] as number[] };
  for (let i = 0; i < o.samples; i++) {
    const job = await timedJob(tenant, 'restartNetwork', { id: networkId, cleanup: true }, logged(agent, ends.ApplyNetworkRules));
    api.restart.push(job.seconds);
    apiSpans.restart.push(timeline(agent.output(), job, ['DestroyNetwork', 'SetupNetwork', 'ApplyNetworkRules']));
    const t = performance.now();
    const phases = await raw.rebuild();
    base.restart.push((performance.now() - t) / 1000);
    rawPhases.push([phases.teardown, phases.links, phases.dnsmasq, phases.metadata, phases.rules]);
  }
  // The rebuilt router is checked against the one built by hand: same addresses, dnsmasq and metadata answering.
  sh(['ip', 'netns', 'exec', routerNs, 'curl', '-sf', '-m', '3', '-o', '/dev/null', `http://${vm.nic[0].ipaddress}/`]);
  const baseTable = routerConfig(agent.stateDir, routerNs, networkId).table;
  for (let i = 0; i < o.samples; i++) {
    const port = 8000 + i;
    const pf = await timedJob(tenant, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', publicport: port, privateport: 80, virtualmachineid: vm.id, openfirewall: false }, logged(agent, ends.ApplyNetworkRules));
    api.pf.push(pf.seconds);
    apiSpans.pf.push(timeline(agent.output(), pf, ['ApplyNetworkRules']));
    const withPf = routerConfig(agent.stateDir, routerNs, networkId).table;
    const fw = await timedJob(tenant, 'createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: port, endport: port, cidrlist: '0.0.0.0/0' }, logged(agent, ends.ApplyNetworkRules));
    api.fw.push(fw.seconds);
    apiSpans.fw.push(timeline(agent.output(), fw, ['ApplyNetworkRules']));
    const withFw = routerConfig(agent.stateDir, routerNs, networkId).table;
    if (!withFw.includes(`dport ${port}`)) throw new Error(`the router's table lacks port ${port} after the rules:\n${withFw}`);
    sh(['ip', 'netns', 'exec', agent.netns, 'curl', '-sf', '-m', '3', '-o', '/dev/null', `http://${ip.ipaddress}:${port}/`]);
    let t = performance.now();
    await raw.load(replacing(withPf));
    base.pf.push((performance.now() - t) / 1000);
    t = performance.now();
    await raw.load(replacing(withFw));
    base.fw.push((performance.now() - t) / 1000);
    await timedJob(tenant, 'deleteFirewallRule', { id: (fw.result.firewallrule as Body).id as string });
    await timedJob(tenant, 'deletePortForwardingRule', { id: (pf.result.portforwardingrule as Body).id as string });
    await raw.load(replacing(baseTable));
  }
  const line = (what: string, a: number[], b: number[]) => {
    console.log(`  ${what}`);
    console.log(`    API: ${median(a).toFixed(3)} s  (samples ${fmt(a)})`);
    console.log(`    raw: ${median(b).toFixed(3)} s  (samples ${fmt(b)})`);
    console.log(`    ratio API / raw: ${(median(a) / median(b)).toFixed(2)}x (goal <= 1.5x)`);
  };
  console.log(`  medians of ${o.samples} samples; the network has one VM, a source NAT address and one more public address`);
  line('implement: restartNetwork cleanup=true (DestroyNetwork, SetupNetwork with lease and guest data, ApplyNetworkRules)', api.restart, base.restart);
  console.log(`    API spans (medians, s, from the agent's log): ${spans(['to DestroyNetwork done', 'SetupNetwork', 'ApplyNetworkRules', 'job end seen'], medians(apiSpans.restart))}`);
  console.log(`    raw phases (medians, s): ${spans(['teardown', 'netns+veth+addr', 'dnsmasq', 'metadata (busybox httpd stand-in)', 'nft+uplink+addresses+arping+route+sysctl'], medians(rawPhases))}`);
  line('apply one rule: createPortForwardingRule job', api.pf, base.pf);
  console.log(`    API spans (medians, s): ${spans(['to ApplyNetworkRules done', 'job end seen'], medians(apiSpans.pf))}`);
  line('apply one rule: createFirewallRule job (opens the forward)', api.fw, base.fw);
  console.log(`    API spans (medians, s): ${spans(['to ApplyNetworkRules done', 'job end seen'], medians(apiSpans.fw))}`);
  const sum = (x: typeof api) => x.pf.map((v, i) => v + (x.fw[i] as number));
  line('apply one rule: port forward + its firewall rule', sum(api), sum(base));
  // The agent's own share of a rule change (its handler, nft included), from the `ms` its log gives each apply.
  const handler = agent
    .output()
    .split('\n')
    .flatMap((l) => (l.includes('"msg":"network rules applied"') && l.includes('"publicIps":2') ? [Number(/"ms":(\d+)/.exec(l)?.[1])] : []))
    .filter((ms) => Number.isFinite(ms))
    .slice(-4 * o.samples)
    .map((ms) => ms / 1000);
  if (handler.length > 0) console.log(`    the agent's ApplyNetworkRules handler alone (rule changes): median ${median(handler).toFixed(3)} s`);
}
