import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadBalancerSpec } from '@nimbus/protocol';
import { run } from '../../exec.ts';
import { cmdline, inNetns, pidFromFile, readIfExists, signal, sleep } from '../process.ts';
import { haproxyConfig } from './haproxy-config.ts';

// A network's load balancer: one haproxy daemon in the router namespace, outliving agent restarts like dnsmasq.
// It is touched only when its configuration text changes, and then reloaded with -sf: the new process takes the
// listening sockets over from the old one (-x, the stats socket's expose-fd), and the old one serves its open
// connections to their end, so a rule change drops nothing.

const startTimeoutMs = 10_000;
const stopTimeoutMs = 5_000;

const files = (dir: string) => ({
  cfg: join(dir, 'haproxy.cfg'),
  next: join(dir, 'haproxy.cfg.new'),
  pid: join(dir, 'haproxy.pid'),
  sock: join(dir, 'haproxy.sock'),
});

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Whether a process's arguments are an haproxy of this network's (its configuration file is the network's). */
const servesDir = (args: string[] | undefined, dir: string) => {
  const at = args?.indexOf('-f') ?? -1;
  return args !== undefined && at >= 0 && args[at + 1] === files(dir).cfg;
};

/** The pid of the network's haproxy when it runs (the one its pid file names). */
export function runningLoadBalancer(dir: string): { pid: number } | undefined {
  const running = pidFromFile(files(dir).pid, (args) => servesDir(args, dir));
  return running && { pid: running.pid };
}

/**
 * Every haproxy of this network: the running one and those a reload left serving connections opened before it,
 * which no pid file names and which would otherwise outlive the network (and keep its namespace alive).
 */
function allLoadBalancers(dir: string): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => servesDir(cmdline(pid), dir));
}

/** Stops the network's haproxy processes (SIGTERM, then SIGKILL) and removes their files; none running is fine. */
export async function stopLoadBalancer(dir: string): Promise<void> {
  const pids = allLoadBalancers(dir);
  const left = () => pids.filter((pid) => cmdline(pid) !== undefined);
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + stopTimeoutMs;
  while (left().length > 0 && Date.now() < deadline) await sleep(5);
  for (const pid of left()) signal(pid, 'SIGKILL');
  for (const path of Object.values(files(dir))) rmSync(path, { force: true });
}

/**
 * Makes the router's haproxy serve exactly `rules`: nothing to do when it runs in `netns` with this configuration,
 * a reload when the text changed, a start when none runs (or it serves a namespace that was re-created), a stop when
 * the list is empty. A new configuration is checked by haproxy before it replaces the one in use. Says what it did.
 */
export async function ensureLoadBalancer(dir: string, netns: string, rules: readonly LoadBalancerSpec[]): Promise<'unchanged' | 'reloaded' | 'started' | 'stopped'> {
  const f = files(dir);
  if (rules.length === 0) {
    // A router that never balanced (most) has neither file: no scan of every process at each rule change.
    if (runningLoadBalancer(dir) === undefined && !existsSync(f.cfg)) return 'unchanged';
    await stopLoadBalancer(dir);
    return 'stopped';
  }
  const text = haproxyConfig(rules, f.sock);
  const running = runningLoadBalancer(dir);
  const live = running && inNetns(running.pid, netns) ? running : undefined;
  if (live && readIfExists(f.cfg) === text) return 'unchanged';
  if (running && !live) await stopLoadBalancer(dir);

  mkdirSync(dir, { recursive: true });
  writeFileSync(f.next, text);
  try {
    await run('haproxy', ['-c', '-q', '-f', f.next]);
  } catch (err) {
    rmSync(f.next, { force: true });
    throw new Error(`haproxy refused the load balancer configuration of router ${netns} (it keeps the one it runs): ${message(err)}`, { cause: err });
  }
  renameSync(f.next, f.cfg);
  // A public address may reach eth1 after haproxy binds it (or leave it while a rule still names it).
  await run('ip', ['netns', 'exec', netns, 'sysctl', '-qw', 'net.ipv4.ip_nonlocal_bind=1']);
  // -x fails the reload when the old process's socket is gone (removed by hand): binding anew is then the way.
  const takeOver = live ? [...(existsSync(f.sock) ? ['-x', f.sock] : []), '-sf', String(live.pid)] : [];
  try {
    await run('ip', ['netns', 'exec', netns, 'haproxy', '-D', '-p', f.pid, '-f', f.cfg, ...takeOver], { timeoutMs: startTimeoutMs });
  } catch (err) {
    // The file no longer says what runs: the next apply must not take it for the running configuration.
    rmSync(f.cfg, { force: true });
    throw new Error(`haproxy did not ${live ? 'reload' : 'start'} in router ${netns}: ${message(err)}`, { cause: err });
  }
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const now = runningLoadBalancer(dir);
    if (now && now.pid !== live?.pid) return live ? 'reloaded' : 'started';
    if (Date.now() > deadline) {
      rmSync(f.cfg, { force: true });
      throw new Error(`haproxy in router ${netns} exited right after it ${live ? 'reloaded' : 'started'} (no process behind ${f.pid})`);
    }
    await sleep(5);
  }
}
