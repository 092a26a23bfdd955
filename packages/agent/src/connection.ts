import { createHmac } from 'node:crypto';
import { wire } from '@nimbus/protocol';
import { WebSocket } from 'ws';
import type { AgentContext } from './handlers/handler.ts';
import { ConsoleStreams } from './console.ts';
import { FileStreams } from './file-streams.ts';
import { execute } from './dispatch.ts';
import { forgetIdentity, loadIdentity, saveIdentity } from './identity.ts';

export const AGENT_VERSION = '0.1.0';

/** Node's TLS name check passes on `undefined` (ws types it as boolean): the pinned certificate is the identity. */
const anyName = (() => undefined) as unknown as () => boolean;

const proof = (key: string, nonce: string) => createHmac('sha256', key).update(nonce).digest('hex');

/**
 * The agent's link to the management servers: connects out to each in turn, answers the challenge, serves commands,
 * and reconnects with back-off (1 s doubling to 30 s) whenever the link drops. Guests are not touched by any of it.
 */
export class Connection {
  private socket: WebSocket | undefined;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** `pending` (waiting for addHost), `up` (admitted and serving) or `down`. */
  state: 'down' | 'pending' | 'up' = 'down';
  private readonly ctx: AgentContext;

  constructor(ctx: AgentContext) {
    this.ctx = ctx;
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, 'agent stopping');
  }

  private connect(): void {
    if (this.stopped) return;
    const { servers } = this.ctx.config;
    const url = `${servers[this.attempt % servers.length].replace(/\/+$/, '')}/agent`;
    // Once admitted, only the certificate the server handed over is trusted (it is self-signed: no name check);
    // before that, any: the password is never sent, only a proof of it the server's nonce makes single-use.
    const pinned = loadIdentity(this.ctx.config.stateDir)?.certificate;
    const socket = new WebSocket(url, pinned ? { ca: pinned, checkServerIdentity: anyName } : { rejectUnauthorized: false });
    this.socket = socket;
    const sendFrame = (frame: string | Buffer) => socket.readyState === WebSocket.OPEN && socket.send(frame);
    const streams = { consoles: new ConsoleStreams(this.ctx, sendFrame), files: new FileStreams(this.ctx, sendFrame) };
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) streams.consoles.data(data);
      else void this.onFrame(socket, data.toString(), streams);
    });
    socket.on('close', (code: number, reason: Buffer) => {
      streams.consoles.stopAll();
      streams.files.stopAll();
      if (this.socket !== socket) return;
      this.state = 'down';
      if (this.stopped) return;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(this.attempt, 5));
      this.attempt++;
      this.ctx.log.warn({ server: url, code, reason: reason.toString(), retryInMs: delay }, 'disconnected from the management server');
      this.timer = setTimeout(() => this.connect(), delay);
    });
    socket.on('error', (e: Error) => {
      // The close event follows and schedules the retry.
      this.ctx.log.debug({ server: url, err: e.message }, 'connection error');
      if (/certificate|self.signed/i.test(e.message)) this.ctx.log.error({ server: url, err: e.message }, 'the management server presented another certificate than the one this agent was admitted with');
    });
  }

  private async onFrame(socket: WebSocket, text: string, { consoles, files }: { consoles: ConsoleStreams; files: FileStreams }): Promise<void> {
    let frame: wire.ServerFrame;
    try {
      frame = wire.ServerFrame.parse(JSON.parse(text));
    } catch {
      this.ctx.log.error('the management server sent a frame this agent does not understand');
      return;
    }
    const { config, log } = this.ctx;
    switch (frame.type) {
      case 'challenge': {
        const id = loadIdentity(config.stateDir);
        const hello: wire.Hello = id
          ? { type: 'hello', name: config.name, address: config.address, hypervisor: 'KVM', version: AGENT_VERSION, hostId: id.hostId, proof: proof(id.secret, frame.nonce) }
          : { type: 'hello', name: config.name, address: config.address, hypervisor: 'KVM', version: AGENT_VERSION, username: config.username, proof: proof(config.password, frame.nonce) };
        socket.send(JSON.stringify(hello));
        return;
      }
      case 'pending':
        this.state = 'pending';
        this.attempt = 0;
        log.info({ address: config.address }, 'connected; waiting for an operator to add this host (addHost)');
        return;
      case 'admit':
        saveIdentity(config.stateDir, { hostId: frame.hostId, secret: frame.secret, certificate: frame.certificate });
        this.state = 'up';
        log.info({ hostId: frame.hostId }, 'admitted by the management server');
        return;
      case 'welcome':
        this.state = 'up';
        this.attempt = 0;
        log.info({ hostId: frame.hostId }, 'connected to the management server');
        return;
      case 'refused':
        log.error({ reason: frame.reason }, 'the management server refused this agent');
        if (frame.forget) forgetIdentity(config.stateDir);
        return;
      case 'console-open':
        consoles.start(frame.stream, frame.instanceName);
        return;
      case 'console-close':
        consoles.stop(frame.stream);
        return;
      case 'file-open':
        files.start(frame.stream, frame.path);
        return;
      case 'file-ack':
        files.ack(frame.stream, frame.bytes);
        return;
      case 'file-close':
        files.stop(frame.stream);
        return;
      case 'command': {
        const progress = (percent: number) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'progress', id: frame.id, percent: Math.round(percent) }));
        };
        const reply = await execute(this.ctx, frame.command, frame.timeoutMs, progress);
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'answer', id: frame.id, reply }));
        return;
      }
    }
  }
}
