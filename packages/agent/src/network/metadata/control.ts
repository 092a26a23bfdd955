import { request } from 'node:http';
import { join } from 'node:path';

// The metadata daemon's control API: HTTP with JSON bodies over a unix socket in the agent's run dir, which only
// root can reach. Shared by the daemon (daemon.ts) and the agent (service.ts).

/** The guest-facing ports of every network: cloud-init's metadata (80) and CloudStack's password server (8080). */
export const metadataPorts = [80, 8080];

/** A network the daemon serves: the router namespace and gateway address to listen on, and the data to answer with. */
export interface Registration {
  netns: string;
  gateway: string;
  dataDir: string;
}

export interface NetworkStatus extends Registration {
  /** The inode of the namespace the listening sockets live in, when bound. */
  netnsInode?: number;
  /** The ports listening now. */
  ports: number[];
  /** Why the network is not served (a failed bind, a namespace that is gone). */
  error?: string;
}

export interface DaemonStatus {
  pid: number;
  networks: NetworkStatus[];
}

/**
 * The daemon's files: control socket, pid file, log, and the registrations it binds again at start. They live in a
 * directory of the agent's run dir, not beside the guests' files: the agent takes every `<name>.pid` or `<name>.json`
 * there for a guest (hypervisor/kvm/run-files.ts listInstances).
 */
export function daemonFiles(runDir: string) {
  const dir = join(runDir, 'metadata');
  return { dir, socket: join(dir, 'control.sock'), pid: join(dir, 'daemon.pid'), log: join(dir, 'daemon.log'), state: join(dir, 'networks.json') };
}

const requestTimeoutMs = 30_000;

/**
 * One control request; rejects with the daemon's error message, or with the socket's error (its `code` kept:
 * ENOENT and ECONNREFUSED mean no daemon listens).
 */
export function control<T>(socket: string, method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    // An explicit length: Node sends a DELETE body unframed otherwise, and the daemon would read it as a request.
    const headers = payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {};
    const req = request({ socketPath: socket, method, path, timeout: requestTimeoutMs, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return reject(new Error(`the metadata daemon answered ${method} ${path} with ${res.statusCode} and no JSON: ${text.slice(0, 200)}`));
        }
        if (res.statusCode === 200) resolve(parsed as T);
        else reject(new Error(`the metadata daemon refused ${method} ${path}: ${(parsed as { error?: string }).error ?? text}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`the metadata daemon did not answer ${method} ${path} within ${requestTimeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
