import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestData } from '@nimbus/protocol';
import { checkIpv4 } from '../router.ts';
import { guestFile } from './files.ts';
import { cmdline, inNetns, signal, sleep } from '../process.ts';

// The router's metadata and password service (server.ts): one detached Node process per network in its router
// namespace, outliving agent restarts like dnsmasq. It is restarted only when it died, its namespace was re-created
// or the gateway moved; guest data changes are file rewrites it reads at the next request.

const serverPath = fileURLToPath(new URL('./server.ts', import.meta.url));
const startTimeoutMs = 20_000;
const stopTimeoutMs = 5_000;

const files = (networkDir: string) => ({
  data: join(networkDir, 'metadata'),
  pid: join(networkDir, 'metadata.pid'),
  log: join(networkDir, 'metadata.log'),
});

function writeAtomically(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** Makes the guest files exactly `guests`: one per address, and no acknowledgement left for an address now gone. */
export function writeGuestData(networkDir: string, guests: GuestData[]): void {
  const dir = files(networkDir).data;
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

/** The pid and arguments (after the program) of the network's service when it runs; checked: pids get reused. */
export function runningMetadata(networkDir: string): { pid: number; args: string[] } | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(files(networkDir).pid, 'utf8').trim());
  } catch {
    return undefined;
  }
  const args = Number.isInteger(pid) && pid > 0 ? cmdline(pid) : undefined;
  if (!args || args[1] !== serverPath || args[2] !== files(networkDir).data) return undefined;
  return { pid, args: args.slice(1) };
}

/** Whether the process listens on ports 80 and 8080 (its namespace's /proc/<pid>/net/tcp: state 0A is LISTEN). */
function listening(pid: number): boolean {
  let table: string;
  try {
    table = readFileSync(`/proc/${pid}/net/tcp`, 'utf8');
  } catch {
    return false;
  }
  const ports = new Set(table.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f[3] === '0A').map((f) => f[1]?.split(':')[1]));
  return ports.has('0050') && ports.has('1F90');
}

function logTail(networkDir: string): string {
  try {
    return readFileSync(files(networkDir).log, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '(no log)';
  }
}

async function start(networkDir: string, netns: string, args: string[]): Promise<number> {
  const f = files(networkDir);
  const log = openSync(f.log, 'a');
  // nsenter execs Node in place, so the child's pid is the service's.
  const child = spawn('nsenter', [`--net=/run/netns/${netns}`, process.execPath, ...args], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  let exited: string | undefined;
  child.once('exit', (code, sig) => (exited = sig ?? `exit code ${code}`));
  child.once('error', (err) => (exited = err.message));
  const pid = child.pid;
  if (pid !== undefined) writeAtomically(f.pid, `${pid}\n`);
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined || pid === undefined) throw new Error(`the metadata service in ${netns} did not start (${exited}): ${logTail(networkDir)}`);
    if (listening(pid)) return pid;
    await sleep(50);
  }
  if (pid !== undefined) signal(pid, 'SIGKILL');
  throw new Error(`the metadata service in ${netns} did not listen on ports 80 and 8080 within ${startTimeoutMs} ms: ${logTail(networkDir)}`);
}

/** Stops the network's service (SIGTERM, then SIGKILL); none running is fine. */
export async function stopMetadata(networkDir: string): Promise<void> {
  const running = runningMetadata(networkDir);
  if (running) {
    const gone = () => cmdline(running.pid) === undefined;
    signal(running.pid, 'SIGTERM');
    const deadline = Date.now() + stopTimeoutMs;
    while (!gone() && Date.now() < deadline) await sleep(50);
    if (!gone()) signal(running.pid, 'SIGKILL');
  }
  rmSync(files(networkDir).pid, { force: true });
}

/** Writes the guest data and makes the service run in `netns` on `gateway`; says what it did. */
export async function ensureMetadata(networkDir: string, netns: string, gateway: string, guests: GuestData[]): Promise<'unchanged' | 'started'> {
  writeGuestData(networkDir, guests);
  const args = [serverPath, files(networkDir).data, checkIpv4('gateway', gateway)];
  const running = runningMetadata(networkDir);
  if (running && running.args.join('\0') === args.join('\0') && inNetns(running.pid, netns)) return 'unchanged';
  await stopMetadata(networkDir);
  await start(networkDir, netns, args);
  return 'started';
}

