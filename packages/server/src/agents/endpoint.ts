import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import websocket from '@fastify/websocket';
import Fastify, { LogController } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { wire } from '@nimbus/protocol';
import type { WebSocket } from 'ws';
import type { Database } from '../db/schema.ts';
import { dataKey } from '../identity/data-key.ts';
import { AgentSocket, type ConsoleStream } from './agent-socket.ts';
import { gateway } from './runtime.ts';
import type { AgentTls } from './tls.ts';

/** An agent that proved nothing yet, or waits for an operator's addHost: keyed by the address it says it has. */
interface PendingAgent {
  hello: wire.Hello;
  nonce: string;
  socket: WebSocket;
}

const pending = new Map<string, PendingAgent>();
/** The endpoint's certificate, handed to each agent at admission. */
let certificate = '';
/** The live connection of each admitted host's agent, for console streams. */
const sockets = new Map<string, AgentSocket>();

/** deleteHost: the host's agent is told it is no longer part of the cloud, and waits to be added again. */
export function dropAgent(hostId: string): void {
  const transport = sockets.get(hostId);
  if (transport) refuse(transport.socket, 'this host was deleted from the cloud: waiting to be added again', true);
}

/** Opens a console stream to a guest on a host whose agent is connected here; undefined when it is not. */
export function openConsole(hostId: string, instanceName: string, sink: Parameters<AgentSocket['openConsole']>[1]): ConsoleStream | undefined {
  return sockets.get(hostId)?.openConsole(instanceName, sink);
}

export function proof(key: string, nonce: string): string {
  return createHmac('sha256', key).update(nonce).digest('hex');
}

function sameProof(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(given, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const send = (socket: WebSocket, frame: object) => socket.send(JSON.stringify(frame));

function refuse(socket: WebSocket, reason: string, forget = false): void {
  send(socket, { type: 'refused', reason, forget });
  socket.close(4001, reason.slice(0, 120));
}

/** Serves an admitted agent's connection: its answers reach the gateway, its loss makes the host Disconnected. */
async function serve(socket: WebSocket, hostId: string, name: string, log: Logger): Promise<void> {
  const transport = new AgentSocket(socket);
  socket.on('message', (data, isBinary) => {
    if (isBinary) return transport.streamData(data as Buffer);
    const frame = wire.AgentFrame.safeParse(safeJson(data.toString()));
    if (!frame.success) return;
    if (frame.data.type === 'answer') transport.answer(frame.data);
    else if (frame.data.type === 'progress') transport.progress(frame.data);
    else if (frame.data.type === 'console-close') transport.streamClosed(frame.data.stream, frame.data.reason ?? 'closed by the agent');
    else if (frame.data.type === 'file-info') transport.fileStarted(frame.data.stream, frame.data.sizeBytes);
    else if (frame.data.type === 'file-close') transport.fileEnded(frame.data.stream, frame.data.reason);
  });
  socket.on('close', () => {
    transport.close('its agent disconnected');
    log.warn({ hostId, name }, 'host agent disconnected');
    void gateway.disconnected(hostId, transport);
  });
  sockets.set(hostId, transport);
  socket.on('close', () => {
    if (sockets.get(hostId) === transport) sockets.delete(hostId);
  });
  await gateway.connected(hostId, name, transport);
  log.info({ hostId, name }, 'host agent connected');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The agent port (8250): agents connect out to it over WebSocket with TLS. A known host proves itself with its issued secret
 * and is served at once; an unknown agent waits, connected, until addHost names its address and credentials.
 */
export async function startAgentEndpoint(db: Kysely<Database>, log: Logger, o: { host: string; port: number; tls: AgentTls }): Promise<{ port: number; close(): Promise<void> }> {
  certificate = o.tls.cert;
  const app = Fastify({ https: o.tls, loggerInstance: log.child({ port: 'agent' }), logController: new LogController({ disableRequestLogging: true }) });
  await app.register(websocket, { options: { maxPayload: 16 * 1024 * 1024 } });
  app.get('/agent', { websocket: true }, (socket) => {
    const nonce = randomBytes(24).toString('hex');
    const timer = setTimeout(() => refuse(socket, 'no hello within 10 s'), 10_000);
    send(socket, { type: 'challenge', nonce });
    socket.once('message', (data) => {
      clearTimeout(timer);
      const parsed = wire.Hello.safeParse(safeJson(data.toString()));
      if (!parsed.success) return refuse(socket, 'the first frame must be a valid hello');
      void greet(socket, parsed.data, nonce).catch((e: unknown) => {
        log.error({ err: e }, 'agent handshake failed');
        refuse(socket, 'the management server could not check this agent');
      });
    });
  });
  const greet = async (socket: WebSocket, hello: wire.Hello, nonce: string) => {
    if (hello.hostId) {
      const row = await db.selectFrom('agent_host').select(['name', 'secret']).where('host_id', '=', hello.hostId).executeTakeFirst();
      if (!row?.secret) {
        log.warn({ hostId: hello.hostId, address: hello.address }, 'agent refused: no such host');
        return refuse(socket, `host ${hello.hostId} is not part of this cloud (deleted?): waiting to be added again`, true);
      }
      if (!sameProof(proof(dataKey().open(row.secret), nonce), hello.proof)) {
        log.warn({ hostId: hello.hostId, address: hello.address }, 'agent refused: wrong secret');
        return refuse(socket, 'wrong secret for this host');
      }
      send(socket, { type: 'welcome', hostId: hello.hostId });
      return serve(socket, hello.hostId, row.name, log);
    }
    const previous = pending.get(hello.address);
    if (previous && previous.socket !== socket) previous.socket.close(4002, 'replaced by a newer connection');
    pending.set(hello.address, { hello, nonce, socket });
    socket.on('close', () => {
      if (pending.get(hello.address)?.socket === socket) pending.delete(hello.address);
    });
    send(socket, { type: 'pending' });
    log.info({ address: hello.address, name: hello.name }, 'host agent waiting for addHost');
  };
  await app.listen({ host: o.host, port: o.port });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : o.port, close: () => app.close() };
}

/** Why an agent could not be admitted, in words addHost can answer with. */
export class AdmissionRefused extends Error {}

/**
 * addHost's side of admission: waits up to `waitMs` for an agent at `address`, checks the credentials it was
 * configured with, and issues the host its secret (returned sealed, for the caller to keep with the host).
 */
export async function admitAgent(
  q: { hostId: string; address: string; username: string; password: string },
  log: Logger,
  waitMs = 15_000,
): Promise<{ name: string; sealedSecret: string }> {
  const deadline = Date.now() + waitMs;
  let agent = pending.get(q.address);
  while (!agent && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    agent = pending.get(q.address);
  }
  if (!agent) throw new AdmissionRefused(`No Nimbus agent at ${q.address} has connected to this management server; start 'nimbus agent' on the host first`);
  if (agent.hello.username !== q.username || !sameProof(proof(q.password, agent.nonce), agent.hello.proof)) {
    refuse(agent.socket, 'addHost gave other credentials than this agent was configured with');
    pending.delete(q.address);
    throw new AdmissionRefused(`The agent at ${q.address} refused the credentials: username or password do not match its configuration`);
  }
  pending.delete(q.address);
  const secret = randomBytes(32).toString('hex');
  send(agent.socket, { type: 'admit', hostId: q.hostId, secret, certificate });
  await serve(agent.socket, q.hostId, agent.hello.name, log);
  return { name: agent.hello.name, sealedSecret: dataKey().seal(secret) };
}
