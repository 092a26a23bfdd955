import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isAbsolute } from 'node:path';
import { checkIpv4 } from '../router.ts';
import { netnsInode } from '../process.ts';
import { bindNetwork, type Binding } from './bindings.ts';
import { control, daemonFiles, metadataPorts, type DaemonStatus, type NetworkStatus, type Registration } from './control.ts';

// `daemon.ts <run dir>`: the metadata and password service of every router on the host, in one detached process
// (a Node process per router cost ~46 MB each). Started by the agent (service.ts) when not running, it outlives agent
// restarts like dnsmasq. It serves each registered network on sockets made in that router's namespace (bindings.ts)
// and keeps the registrations in a file, so that a restarted daemon binds them again. It stays up with no network:
// idle it costs one process, and exiting would race with the next registration.

const runDir = process.argv[2];
if (!runDir || !isAbsolute(runDir)) throw new Error('usage: daemon.ts <absolute run dir>');
const files = daemonFiles(runDir);
/** Binders run a Node process each: a restart with hundreds of networks must not start them all at once. */
const maxConcurrentBinds = 4;
/** How often bindings are checked against their namespace: a removed router's sockets would keep it alive. */
const sweepIntervalMs = 10_000;

interface Entry {
  reg: Registration;
  binding?: Binding;
  error?: string;
}
const entries = new Map<string, Entry>();

function persist(): void {
  const regs = [...entries.values()].map((e) => e.reg);
  writeFileSync(`${files.state}.tmp`, `${JSON.stringify(regs, null, 1)}\n`, { mode: 0o600 });
  renameSync(`${files.state}.tmp`, files.state);
}

/** Operations on one network run one after the other; different networks proceed side by side. */
const queues = new Map<string, Promise<unknown>>();
function serially<T>(key: string, op: () => Promise<T>): Promise<T> {
  const next = (queues.get(key) ?? Promise.resolve()).then(op, op);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => queues.get(key) === settled && queues.delete(key));
  return next;
}

let binding = 0;
const waiting: (() => void)[] = [];
async function limitedBind(reg: Registration): Promise<Binding> {
  while (binding >= maxConcurrentBinds) await new Promise<void>((r) => waiting.push(r));
  binding++;
  try {
    return await bindNetwork(reg);
  } finally {
    binding--;
    waiting.shift()?.();
  }
}

/** (Re)binds an entry; a failure is kept as its error, for the status. */
async function bind(entry: Entry): Promise<void> {
  entry.binding?.close();
  entry.binding = undefined;
  try {
    entry.binding = await limitedBind(entry.reg);
    entry.error = undefined;
  } catch (err) {
    entry.error = (err as Error).message;
    throw err;
  }
}

function checkDataDir(body: unknown): string {
  const { dataDir } = (body ?? {}) as Partial<Registration>;
  if (typeof dataDir !== 'string' || !isAbsolute(dataDir)) throw new Error(`'${dataDir}' is not an absolute data dir`);
  return dataDir;
}

function checkRegistration(body: unknown): Registration {
  const { netns, gateway } = (body ?? {}) as Partial<Registration>;
  if (typeof netns !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(netns)) throw new Error(`'${netns}' is not a namespace name`);
  return { netns, gateway: checkIpv4('gateway', String(gateway)), dataDir: checkDataDir(body) };
}

/** Unchanged when the same gateway is served in the namespace that has the name now; otherwise binds again. */
function register(reg: Registration): Promise<{ result: 'unchanged' | 'bound' }> {
  return serially(reg.dataDir, async () => {
    const entry = entries.get(reg.dataDir);
    const same = entry && entry.reg.netns === reg.netns && entry.reg.gateway === reg.gateway;
    const served = entry?.binding && entry.binding.netnsInode === netnsInode(reg.netns) && entry.binding.listening().length === metadataPorts.length;
    if (same && served) return { result: 'unchanged' };
    const next: Entry = entry ?? { reg };
    next.reg = reg;
    entries.set(reg.dataDir, next);
    persist();
    await bind(next);
    return { result: 'bound' };
  });
}

function unregister(dataDir: string): Promise<{ result: 'removed' | 'absent' }> {
  return serially(dataDir, async () => {
    const entry = entries.get(dataDir);
    if (!entry) return { result: 'absent' };
    entry.binding?.close();
    entries.delete(dataDir);
    persist();
    return { result: 'removed' };
  });
}

/** Every network's state, after the operations under way. */
async function status(): Promise<DaemonStatus> {
  await Promise.all(queues.values());
  const networks = [...entries.values()].map(
    (e): NetworkStatus => ({ ...e.reg, netnsInode: e.binding?.netnsInode, ports: e.binding?.listening() ?? [], error: e.error }),
  );
  return { pid: process.pid, networks };
}

/**
 * Drops the sockets of routers whose namespace was removed or re-created: they would keep the old one alive. Exits
 * when the run dir is gone: its agent was removed (or was a test's), and nothing would ever stop this process.
 */
function sweep(): void {
  if (!existsSync(files.dir)) {
    console.error(`${files.dir} is gone; exiting`);
    process.exit(0);
  }
  for (const entry of entries.values()) {
    void serially(entry.reg.dataDir, async () => {
      if (!entry.binding || entry.binding.netnsInode === netnsInode(entry.reg.netns)) return;
      entry.binding.close();
      entry.binding = undefined;
      entry.error = `namespace ${entry.reg.netns} was removed or re-created after the bind`;
      console.error(`${entry.reg.dataDir}: ${entry.error}; sockets closed`);
    }).catch((err: Error) => console.error(`sweep of ${entry.reg.dataDir}: ${err.message}`));
  }
}

/** The registrations of the previous daemon: networks whose dir is gone were destroyed while no daemon ran. */
function restore(): void {
  let regs: Registration[] = [];
  try {
    regs = JSON.parse(readFileSync(files.state, 'utf8')) as Registration[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') console.error(`ignoring ${files.state}: ${(err as Error).message}`);
  }
  for (const reg of regs) if (existsSync(reg.dataDir)) entries.set(reg.dataDir, { reg });
  persist();
  for (const entry of entries.values()) {
    if (netnsInode(entry.reg.netns) === undefined) entry.error = `namespace ${entry.reg.netns} does not exist`;
    else void serially(entry.reg.dataDir, () => bind(entry)).catch((err: Error) => console.error(err.message));
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

async function route(req: IncomingMessage): Promise<unknown> {
  if (req.url !== '/networks') throw Object.assign(new Error(`no ${req.url}`), { status: 404 });
  if (req.method === 'GET') return status();
  if (req.method === 'PUT') return register(checkRegistration(await readJson(req)));
  if (req.method === 'DELETE') return unregister(checkDataDir(await readJson(req)));
  throw Object.assign(new Error(`no ${req.method} on ${req.url}`), { status: 405 });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

mkdirSync(files.dir, { recursive: true, mode: 0o700 });
// A daemon that answers owns the socket; a socket file nobody answers on is a dead daemon's.
const answered = await control(files.socket, 'GET', '/networks').then(
  () => true,
  () => false,
);
if (answered) {
  console.error(`another metadata daemon answers on ${files.socket}; exiting`);
  process.exit(0);
}
rmSync(files.socket, { force: true });
const controlServer = createServer((req, res) => {
  route(req).then(
    (body) => answer(res, 200, body),
    (err: Error & { status?: number }) => answer(res, err.status ?? 500, { error: err.message }),
  );
});
await new Promise<void>((resolve) => controlServer.listen(files.socket, resolve));
writeFileSync(files.pid, `${process.pid}\n`);
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => process.exit(0));
restore();
setInterval(sweep, sweepIntervalMs);
console.error(`metadata daemon ${process.pid} serving ${entries.size} networks, control socket ${files.socket}`);
