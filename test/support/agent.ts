import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, type TestServer } from './server.ts';

const ip = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const tryIp = (args: string[]) => {
  try {
    return ip(args);
  } catch {
    return '';
  }
};

/**
 * The processes whose network namespace is the one mounted at /run/netns/<name>, found by inode. (`ip netns pids`
 * is not used: on a name that is not a live namespace mount it can match the root namespace, i.e. every process.)
 */
function netnsPids(name: string): number[] {
  let ino: number;
  try {
    ino = statSync(`/run/netns/${name}`).ino;
  } catch {
    return [];
  }
  if (ino === statSync('/proc/self/ns/net').ino) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) === `net:[${ino}]`) pids.push(Number(entry));
    } catch {
      // gone, or a kernel thread
    }
  }
  return pids;
}

/** Kills every process in a network namespace and deletes it (missing is fine). */
export function deleteNetns(name: string): void {
  for (const pid of netnsPids(name)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  tryIp(['netns', 'del', name]);
}

/** Every namespace whose name starts with `prefix`, and the namespaces themselves, removed. */
export function cleanupPrefix(prefix: string): void {
  for (const line of tryIp(['netns', 'list']).split('\n')) {
    const name = line.split(' ')[0];
    if (name?.startsWith(prefix)) deleteNetns(name);
  }
  for (const line of tryIp(['-o', 'link', 'show']).split('\n')) {
    const dev = /^\d+: ([^:@]+)/.exec(line)?.[1];
    if (dev?.startsWith(prefix)) tryIp(['link', 'del', dev]);
  }
}

export interface TestAgent {
  /** The agent's namespace, where its guests, bridges and taps live. */
  netns: string;
  /** The address addHost names: the agent namespace's end of its link to the root namespace. */
  address: string;
  /** The root namespace's end of that link: where the agent reaches the management server. */
  serverAddress: string;
  stateDir: string;
  storageDir: string;
  username: string;
  password: string;
  prefix: string;
  output(): string;
  /** Runs a command inside the agent's namespace (e.g. curl a guest through its network's router namespace). */
  exec(args: string[], opts?: { timeoutMs?: number }): string;
  /** SIGKILL the agent process only: its guests keep running. */
  kill(): Promise<void>;
  /** Starts the agent again on the same state. */
  restart(): Promise<void>;
  /** Stops the agent, kills its guests, and removes its namespaces, links and directories. */
  stop(): Promise<void>;
}

let counter = 0;

/**
 * A `nimbus agent` in its own network namespace, linked to the root namespace by a veth pair (its own /30), talking
 * to `server`'s agent endpoint (which must listen on 0.0.0.0). Everything it creates starts with `prefix`.
 */
export async function startTestAgent(server: TestServer, o: { prefix: string; storageDir?: string; password?: string; name?: string }): Promise<TestAgent> {
  const n = counter++;
  const netns = `${o.prefix}ns${n}`;
  const hostIf = `${o.prefix}h${n}`;
  const subnet = `10.${200 + (randomBytes(1)[0] % 50)}.${randomBytes(1)[0]}`;
  const base = 4 * (n % 60);
  const [rootIp, agentIp] = [`${subnet}.${base + 1}`, `${subnet}.${base + 2}`];
  ip(['netns', 'add', netns]);
  ip(['-n', netns, 'link', 'set', 'lo', 'up']);
  ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
  ip(['addr', 'add', `${rootIp}/30`, 'dev', hostIf]);
  ip(['link', 'set', hostIf, 'up']);
  ip(['-n', netns, 'addr', 'add', `${agentIp}/30`, 'dev', 'eth0']);
  ip(['-n', netns, 'link', 'set', 'eth0', 'up']);
  ip(['-n', netns, 'route', 'add', 'default', 'via', rootIp]);
  const stateDir = mkdtempSync(join(tmpdir(), `nimbus-agent-${o.prefix}-`));
  const storageDir = o.storageDir ?? join(stateDir, 'local');
  const username = 'root';
  const password = o.password ?? `pw-${randomBytes(6).toString('hex')}`;
  let proc!: ChildProcess;
  let out = '';
  const launch = async () => {
    // nsenter enters the network namespace only (ip netns exec would give the agent a mount namespace of its own, and
    // the router namespaces it mounts would then be invisible outside it).
    proc = spawn(
      'nsenter',
      [`--net=/run/netns/${netns}`, join(repoRoot, 'bin/nimbus'), 'agent', '--server', `wss://${rootIp}:${server.agentPort}`, '--address', agentIp, '--name', o.name ?? `${o.prefix}-host${n}`,
        '--username', username, '--password', password, '--state-dir', stateDir, '--local-storage', storageDir, '--prefix', o.prefix, '--accel', 'tcg', '--log-level', 'info'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 20_000;
    while (!/waiting for an operator|connected to the management server|admitted|refused this agent/.test(out)) {
      if (proc.exitCode !== null) throw new Error(`agent exited with ${proc.exitCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`agent did not connect in 20 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const exited = () => new Promise<void>((res) => (proc.exitCode !== null || proc.signalCode !== null ? res() : proc.once('exit', () => res())));
  try {
    await launch();
  } catch (e) {
    deleteNetns(netns);
    tryIp(['link', 'del', hostIf]);
    throw e;
  }
  return {
    netns,
    address: agentIp,
    serverAddress: rootIp,
    stateDir,
    storageDir,
    username,
    password,
    prefix: o.prefix,
    output: () => out,
    exec: (args, opts = {}) => execFileSync('ip', ['netns', 'exec', netns, ...args], { timeout: opts.timeoutMs ?? 10_000, stdio: ['ignore', 'pipe', 'pipe'] }).toString(),
    async kill() {
      proc.kill('SIGKILL');
      await exited();
    },
    async restart() {
      out = '';
      await launch();
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited();
      }
      deleteNetns(netns);
      tryIp(['link', 'del', hostIf]);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
