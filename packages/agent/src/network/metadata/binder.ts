import { readlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

// `binder.ts <gateway> <port>...` (as JavaScript, its types stripped), run by the metadata daemon under `nsenter --net=<router namespace>`: makes the listening
// sockets of the network's data service in the router's namespace and hands them to the daemon over the IPC channel.
// A socket keeps the namespace it was made in, so the daemon serves the router from the host's namespace and this
// process exits at once. It imports nothing of the project: it starts once per network bind.

/** What the daemon receives with each server: the port, and the namespace the socket lives in (`net:[<inode>]`). */
export interface BoundMessage {
  port: number;
  netns: string;
}

// Given as `node -e <code> <gateway> <port>...` (bindings.ts), whose arguments follow the program's path directly.
const [gateway, ...portArgs] = process.argv.slice(1);
const ports = portArgs.map(Number);
if (!gateway || ports.length === 0 || !ports.every(Number.isInteger) || !process.send) throw new Error('usage: binder.ts <gateway address> <port>..., spawned with an IPC channel');
const send = process.send.bind(process);
const netns = readlinkSync('/proc/self/ns/net');
// The router's gateway address may reach eth0 a moment after this binds (the agent sets both up side by side):
// the namespace allows binding an address it does not hold yet (this file is the namespace's own, as is the setting).
writeFileSync('/proc/sys/net/ipv4/ip_nonlocal_bind', '1');

try {
  for (const port of ports) {
    const server: Server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new Error(`cannot listen on ${gateway}:${port} in ${netns}: ${err.message}`)));
      server.listen({ port, host: gateway, exclusive: true }, resolve);
    });
    const message: BoundMessage = { port, netns };
    await new Promise<void>((resolve, reject) => send(message, server, (err: Error | null) => (err ? reject(err) : resolve())));
    // The daemon holds its own descriptor now; ours would take a share of the connections and leave them unanswered.
    server.close();
  }
  process.disconnect();
} catch (err) {
  // One line for the daemon to put in its error, rather than a stack trace.
  console.error((err as Error).message);
  process.exit(1);
}
