import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { stripTypeScriptTypes } from 'node:module';
import type { Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { BoundMessage } from './binder.ts';
import { metadataPorts, type Registration } from './control.ts';
import { metadataHttp, passwordHttp } from './guest-http.ts';

// The daemon's listening sockets of one network, made in the router's namespace by a short-lived binder process.

const binderPath = fileURLToPath(new URL('./binder.ts', import.meta.url));
const bindTimeoutMs = 20_000;

/** A network's sockets, served with its data dir. */
export interface Binding {
  /** The namespace the sockets live in: they stay there when /run/netns/<name> is re-created or removed. */
  netnsInode: number;
  listening(): number[];
  close(): void;
}

let binderJs: string | undefined;

/**
 * The binder as plain JavaScript, its types stripped once: it starts at every bind, and Node takes twice as long to
 * start a `.ts` file (about 60 ms against 28 here) as the same code given as JavaScript.
 */
function binderSource(): string {
  binderJs ??= stripTypeScriptTypes(readFileSync(binderPath, 'utf8'));
  return binderJs;
}

/** Receives the listening servers from a binder run in the namespace; rejects with its stderr when it fails. */
function receiveServers(reg: Registration): Promise<{ netnsInode: number; servers: Map<number, Server> }> {
  const args = [`--net=/run/netns/${reg.netns}`, process.execPath, '--input-type=module', '-e', binderSource(), reg.gateway, ...metadataPorts.map(String)];
  const child = spawn('nsenter', args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const servers = new Map<number, Server>();
  let netns = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.on('message', (message: BoundMessage, handle: unknown) => {
    if (handle) servers.set(message.port, handle as Server);
    netns = message.netns;
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      for (const s of servers.values()) s.close();
      reject(new Error(`cannot bind the metadata service on ${reg.gateway} in namespace ${reg.netns}: ${why}`));
    };
    const timer = setTimeout(() => child.kill('SIGKILL'), bindTimeoutMs);
    child.once('error', (err) => (clearTimeout(timer), fail(err.message)));
    child.once('close', (code, sig) => {
      clearTimeout(timer);
      const inode = Number(/^net:\[(\d+)\]$/.exec(netns)?.[1]);
      if (code === 0 && servers.size === metadataPorts.length && inode) resolve({ netnsInode: inode, servers });
      else fail(`${sig ? `binder killed by ${sig}` : `binder exit code ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' ') || '(no output)'}`);
    });
  });
}

/** Binds the network's ports in its namespace and serves its data dir on them. */
export async function bindNetwork(reg: Registration): Promise<Binding> {
  const { netnsInode, servers } = await receiveServers(reg);
  const guestHttp = new Map<number, HttpServer>([
    [80, metadataHttp(reg.dataDir)],
    [8080, passwordHttp(reg.dataDir)],
  ]);
  // Each HTTP server takes over a received socket (listen accepts a server's handle), which keeps its request
  // timeouts and connection tracking; the received net.Server is only its wrapper from the IPC channel.
  for (const [port, server] of servers) {
    const http = guestHttp.get(port)!;
    http.on('error', (err) => console.error(`${reg.netns} ${reg.gateway}:${port}: ${err.message}`));
    await new Promise<void>((resolve) => http.listen(server, resolve));
  }
  return {
    netnsInode,
    listening: () => [...guestHttp].filter(([, http]) => http.listening).map(([port]) => port),
    close() {
      for (const http of guestHttp.values()) {
        http.close();
        http.closeAllConnections();
      }
    },
  };
}
