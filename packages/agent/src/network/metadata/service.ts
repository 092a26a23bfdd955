import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestData } from '@nimbus/protocol';
import { checkIpv4 } from '../router.ts';
import { cmdline, logTail, pidFromFile, signal, sleep } from '../process.ts';
import { netnsInode } from '../process.ts';
import { control, daemonFiles, metadataPorts, type DaemonStatus } from './control.ts';
import { guestFile } from './files.ts';

// The agent's side of the router's metadata and password service: it writes a network's guest files and registers
// the network with the host's metadata daemon (daemon.ts), starting the daemon when none runs. Guest data changes
// are file rewrites the daemon reads at the next request.

const daemonPath = fileURLToPath(new URL('./daemon.ts', import.meta.url));
const startTimeoutMs = 20_000;

const dataDir = (networkDir: string) => join(networkDir, 'metadata');

/** The agent's run dir (config.ts runDir), from a network's dir (names.ts networkDir: `<stateDir>/net/<id>`). */
function runDirOf(networkDir: string): string {
  const netDir = dirname(networkDir);
  if (basename(netDir) !== 'net') throw new Error(`'${networkDir}' is not a network dir (<state dir>/net/<id>)`);
  return join(dirname(netDir), 'run');
}

function writeAtomically(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** Makes the guest files exactly `guests`: one per address, and no acknowledgement left for an address now gone. */
export function writeGuestData(networkDir: string, guests: GuestData[]): void {
  const dir = dataDir(networkDir);
  mkdirSync(join(dir, 'guests'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'saved'), { recursive: true, mode: 0o700 });
  const ips = new Set(guests.map((g) => checkIpv4('the address of guest data', g.ip)));
  if (ips.size !== guests.length) throw new Error('guest data lists an address twice');
  for (const g of guests) writeAtomically(guestFile(dir, g.ip), `${JSON.stringify(g)}\n`);
  for (const name of readdirSync(join(dir, 'guests'))) {
    if (!ips.has(name.replace(/\.json$/, ''))) rmSync(join(dir, 'guests', name), { force: true });
  }
  for (const name of readdirSync(join(dir, 'saved'))) if (!ips.has(name)) rmSync(join(dir, 'saved', name), { force: true });
}

/**
 * The host's metadata daemon that serves (or would serve) this network, when it runs: the same process for every
 * network of the agent. Checked against its command line: pids get reused.
 */
export function runningMetadata(networkDir: string): { pid: number; args: string[] } | undefined {
  const runDir = runDirOf(networkDir);
  return pidFromFile(daemonFiles(runDir).pid, (args) => args[1] === daemonPath && args[2] === runDir);
}

const answers = (runDir: string) =>
  control<DaemonStatus>(daemonFiles(runDir).socket, 'GET', '/networks').then(
    () => true,
    () => false,
  );

/** Starts the daemon detached and waits until its control socket answers (it has written its pid file then). */
async function startDaemon(networkDir: string, runDir: string): Promise<void> {
  mkdirSync(daemonFiles(runDir).dir, { recursive: true, mode: 0o700 });
  const log = openSync(daemonFiles(runDir).log, 'a');
  // stripTypeScriptTypes (the binder's start) is still marked experimental: its warning is not news for the log.
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --disable-warning=ExperimentalWarning`.trim() };
  const child = spawn(process.execPath, [daemonPath, runDir], { detached: true, stdio: ['ignore', log, log], env });
  closeSync(log);
  child.unref();
  let exited: string | undefined;
  child.once('exit', (code, sig) => (exited = sig ?? `exit code ${code}`));
  child.once('error', (err) => (exited = err.message));
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (runningMetadata(networkDir) && (await answers(runDir))) return;
    if (exited !== undefined) throw new Error(`the metadata daemon did not start (${exited}): ${logTail(daemonFiles(runDir).log)}`);
    await sleep(20);
  }
  if (child.pid) signal(child.pid, 'SIGKILL');
  throw new Error(`the metadata daemon did not answer on ${daemonFiles(runDir).socket} within ${startTimeoutMs} ms: ${logTail(daemonFiles(runDir).log)}`);
}

/** One start at a time per run dir: networks are set up concurrently, and a second daemon would only exit. */
const starting = new Map<string, Promise<void>>();

async function ensureDaemon(networkDir: string): Promise<string> {
  const runDir = runDirOf(networkDir);
  const pending = starting.get(runDir);
  if (pending) await pending;
  else if (!runningMetadata(networkDir)) {
    const start = startDaemon(networkDir, runDir).finally(() => starting.delete(runDir));
    starting.set(runDir, start);
    await start;
  }
  return daemonFiles(runDir).socket;
}

/**
 * Stops the network's own metadata process left by agents before the host daemon (`metadata/server.ts`, pid file in the
 * network's dir): it would keep ports 80 and 8080 of the router, and the daemon could not bind them.
 */
async function stopLegacyService(networkDir: string): Promise<void> {
  const pidFile = join(networkDir, 'metadata.pid');
  const legacy = pidFromFile(pidFile, (args) => args[1]?.endsWith('/metadata/server.ts') === true);
  if (legacy) {
    signal(legacy.pid, 'SIGKILL');
    for (let i = 0; i < 100 && cmdline(legacy.pid) !== undefined; i++) await sleep(20);
  }
  rmSync(pidFile, { force: true });
}

/** Writes the guest data and has the host's daemon serve the network in `netns` on `gateway`; says what it did. */
export async function ensureMetadata(networkDir: string, netns: string, gateway: string, guests: GuestData[]): Promise<'unchanged' | 'started'> {
  writeGuestData(networkDir, guests);
  await stopLegacyService(networkDir);
  const socket = await ensureDaemon(networkDir);
  const registration = { netns, gateway: checkIpv4('gateway', gateway), dataDir: dataDir(networkDir) };
  const { result } = await control<{ result: string }>(socket, 'PUT', '/networks', registration);
  return result === 'unchanged' ? 'unchanged' : 'started';
}

/**
 * Has the daemon close the network's ports and forget it. With no daemon running there is nothing to close; a later
 * daemon drops the registration when DestroyNetwork has removed the network's dir.
 */
export async function stopMetadata(networkDir: string): Promise<void> {
  await stopLegacyService(networkDir);
  if (!runningMetadata(networkDir)) return;
  await control(daemonFiles(runDirOf(networkDir)).socket, 'DELETE', '/networks', { dataDir: dataDir(networkDir) });
}

/** For the router health check: the daemon runs, and serves this network in `netns` (as named now) on every port. */
export async function metadataStatus(networkDir: string, netns: string): Promise<{ success: boolean; details: string }> {
  const daemon = runningMetadata(networkDir);
  if (!daemon) return { success: false, details: 'the metadata daemon is not running' };
  const status = await control<DaemonStatus>(daemonFiles(runDirOf(networkDir)).socket, 'GET', '/networks').catch((err: Error) => err);
  if (status instanceof Error) return { success: false, details: `the metadata daemon (pid ${daemon.pid}) does not answer: ${status.message}` };
  const network = status.networks.find((n) => n.dataDir === dataDir(networkDir));
  if (!network) return { success: false, details: `the metadata daemon (pid ${daemon.pid}) does not serve this network` };
  if (network.netns !== netns) return { success: false, details: `the metadata daemon serves this network in namespace ${network.netns}, not ${netns}` };
  if (network.netnsInode === undefined || network.netnsInode !== netnsInode(netns)) {
    return { success: false, details: `the metadata daemon has no sockets in the namespace ${netns} has now${network.error ? `: ${network.error}` : ''}` };
  }
  const missing = metadataPorts.filter((p) => !network.ports.includes(p));
  if (missing.length) return { success: false, details: `the metadata daemon does not listen on ${network.gateway} port ${missing.join(', ')} in ${netns}` };
  return { success: true, details: `the metadata daemon (pid ${daemon.pid}) serves ${network.gateway}:${metadataPorts.join(' and :')} in ${netns}` };
}
