import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DhcpLease } from '@nimbus/protocol';
import { checkIpv4 } from './router.ts';
import { cmdline, inNetns, logTail, pidFromFile, signal, sleep } from './process.ts';

// The DHCP and DNS server of a network: one dnsmasq in the router namespace, answering only the fixed leases it was
// given (CloudStack assigns every address). Leases live in files dnsmasq re-reads on SIGHUP, so updating them never
// restarts it; it is restarted only when its command line (addressing, domain, upstream DNS) changed or it died.

/** What a network's dnsmasq serves, and where its files are. */
export interface DhcpService {
  netns: string;
  dir: string;
  /** The network address and netmask of the guest subnet. */
  network: string;
  netmask: string;
  gateway: string;
  domain?: string;
  /** Upstream DNS servers for names outside the network. */
  dns: string[];
  leases: DhcpLease[];
  /** The MTU guests are told to use, when lower than Ethernet's (a network tunnelled between hosts). */
  mtu?: number;
}

const startTimeoutMs = 10_000;
const stopTimeoutMs = 5_000;

const files = (dir: string) => ({
  hosts: join(dir, 'hosts'),
  dnsHosts: join(dir, 'dns-hosts'),
  leases: join(dir, 'leases'),
  pid: join(dir, 'dnsmasq.pid'),
  log: join(dir, 'dnsmasq.log'),
});

function checkLease(lease: DhcpLease): DhcpLease {
  checkIpv4(`the address of lease ${lease.mac}`, lease.ip);
  // The hostname goes into comma- and space-separated files: one DNS label, nothing else.
  if (!/^[A-Za-z0-9-]{1,63}$/.test(lease.hostname)) throw new Error(`lease ${lease.mac}: '${lease.hostname}' is not a valid host name`);
  return lease;
}

/** dnsmasq's arguments (after the program name). `--user=root`: it re-reads its files as that user on SIGHUP, and
 *  the agent's state directory need not be readable by anyone else. */
export function dnsmasqArgs(svc: DhcpService): string[] {
  const f = files(svc.dir);
  if (svc.domain !== undefined && !/^[A-Za-z0-9.-]+$/.test(svc.domain)) throw new Error(`'${svc.domain}' is not a valid DNS domain`);
  for (const d of svc.dns) if (!/^[0-9A-Fa-f.:]+$/.test(d)) throw new Error(`DNS server '${d}' is not an IP address`);
  return [
    '--keep-in-foreground', '--conf-file=/dev/null', '--user=root', `--pid-file=${f.pid}`, '--log-facility=-',
    '--bind-interfaces', '--interface=eth0', '--except-interface=lo', '--no-ping', '--dhcp-authoritative', '--no-resolv',
    '--no-hosts', `--dhcp-range=${checkIpv4('network', svc.network)},static,${checkIpv4('netmask', svc.netmask)},1h`,
    // Names of the network (bare, or in its domain) are answered here, never forwarded: a guest's AAAA lookup of one
    // would otherwise wait on the upstream server.
    `--dhcp-hostsfile=${f.hosts}`, `--addn-hosts=${f.dnsHosts}`, '--domain-needed', ...(svc.domain ? [`--domain=${svc.domain}`, `--local=/${svc.domain}/`] : []),
    `--dhcp-option=option:router,${checkIpv4('gateway', svc.gateway)}`, `--dhcp-option=option:dns-server,${svc.gateway}`,
    `--dhcp-leasefile=${f.leases}`, '--port=53', ...svc.dns.map((d) => `--server=${d}`),
    ...(svc.mtu === undefined ? [] : [`--dhcp-option=option:mtu,${svc.mtu}`]),
  ];
}

/** The dhcp-hostsfile (`mac,ip,hostname`) and the addn-hosts file (`ip [fqdn] hostname`). */
export function leaseFiles(svc: DhcpService): { hosts: string; dnsHosts: string } {
  const leases = svc.leases.map(checkLease);
  return {
    hosts: leases.map((l) => `${l.mac},${l.ip},${l.hostname}\n`).join(''),
    // `data-server` is the router itself, where CloudStack guests look for their metadata.
    dnsHosts: [...leases, { ip: svc.gateway, hostname: 'data-server' }].map((l) => `${l.ip} ${svc.domain ? `${l.hostname}.${svc.domain} ` : ''}${l.hostname}\n`).join(''),
  };
}

/** Replaces a file atomically when its content differs; says whether it did. */
function writeIfChanged(path: string, content: string): boolean {
  let old: string | undefined;
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === content) return false;
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
  return true;
}

/** The pid of this network's dnsmasq when it runs (checked against its command line: pids get reused). */
export function runningDnsmasq(dir: string): { pid: number; args: string[] } | undefined {
  return pidFromFile(files(dir).pid, (args) => args.includes(`--dhcp-hostsfile=${files(dir).hosts}`));
}

/** Starts dnsmasq detached (it outlives an agent restart) and waits for its pid file: written once it has bound. */
async function start(svc: DhcpService, args: string[]): Promise<number> {
  const f = files(svc.dir);
  rmSync(f.pid, { force: true });
  const log = openSync(f.log, 'a');
  const child = spawn('ip', ['netns', 'exec', svc.netns, 'dnsmasq', ...args], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));
  child.once('error', (err) => (exited = err.message));
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`dnsmasq in ${svc.netns} did not start (${exited}): ${logTail(files(svc.dir).log)}`);
    const running = runningDnsmasq(svc.dir);
    if (running) return running.pid;
    await sleep(5);
  }
  if (child.pid) signal(child.pid, 'SIGKILL');
  throw new Error(`dnsmasq in ${svc.netns} did not start within ${startTimeoutMs} ms: ${logTail(files(svc.dir).log)}`);
}

/** Stops a network's dnsmasq (SIGTERM, then SIGKILL); none running is fine. */
export async function stopDnsmasq(dir: string): Promise<void> {
  const running = runningDnsmasq(dir);
  if (!running) return;
  const gone = () => cmdline(running.pid) === undefined;
  signal(running.pid, 'SIGTERM');
  const deadline = Date.now() + stopTimeoutMs;
  while (!gone() && Date.now() < deadline) await sleep(5);
  if (!gone()) signal(running.pid, 'SIGKILL');
  rmSync(files(dir).pid, { force: true });
}

/**
 * Makes the network's dnsmasq serve exactly `svc`: rewrites the lease files, then signals a running dnsmasq with
 * the same arguments in the right namespace (SIGHUP, only when a file changed), or (re)starts it. Returns what it did.
 */
export async function ensureDnsmasq(svc: DhcpService): Promise<'unchanged' | 'reloaded' | 'started'> {
  const args = dnsmasqArgs(svc);
  const content = leaseFiles(svc);
  mkdirSync(svc.dir, { recursive: true });
  const f = files(svc.dir);
  const changed = [writeIfChanged(f.hosts, content.hosts), writeIfChanged(f.dnsHosts, content.dnsHosts)].some(Boolean);
  const running = runningDnsmasq(svc.dir);
  const stale = changed && staleLeases(f.leases, svc.leases);
  if (running && !stale && running.args.join('\0') === args.join('\0') && inNetns(running.pid, svc.netns)) {
    if (!changed) return 'unchanged';
    signal(running.pid, 'SIGHUP');
    return 'reloaded';
  }
  await stopDnsmasq(svc.dir);
  // A lease granted to a NIC that is gone would keep its address from the NIC it goes to now (dnsmasq says "no
  // address available"): dnsmasq reads the lease file only when it starts, so it restarts without them.
  if (stale) pruneLeases(f.leases, svc.leases);
  await start(svc, args);
  return 'started';
}

const granted = (leases: DhcpLease[]) => new Set(leases.map((l) => `${l.mac.toLowerCase()} ${l.ip}`));

/** Lines of dnsmasq's lease file (`<expiry> <mac> <ip> <name> <client id>`) that no lease given now matches. */
function leaseLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function staleLeases(file: string, leases: DhcpLease[]): boolean {
  const keep = granted(leases);
  return leaseLines(file).some((line) => !keep.has(line.split(' ').slice(1, 3).join(' ').toLowerCase()));
}

function pruneLeases(file: string, leases: DhcpLease[]): void {
  const keep = granted(leases);
  const lines = leaseLines(file).filter((line) => keep.has(line.split(' ').slice(1, 3).join(' ').toLowerCase()));
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
}
