import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { wire } from '@nimbus/protocol';
import { runDir } from './config.ts';
import type { AgentContext } from './handlers/handler.ts';

/**
 * Console streams the server opened through this agent: each one is a connection to a guest's VNC unix socket, so
 * no VNC port is ever open on the host. Bytes travel as binary frames of the agent WebSocket.
 */
export class ConsoleStreams {
  private readonly open = new Map<number, Socket>();
  private readonly ctx: AgentContext;
  private readonly send: (frame: string | Buffer) => void;

  constructor(ctx: AgentContext, send: (frame: string | Buffer) => void) {
    this.ctx = ctx;
    this.send = send;
  }

  start(stream: number, instanceName: string): void {
    if (!/^[\w.-]+$/.test(instanceName)) return this.ended(stream, `no guest named ${instanceName}`);
    const vnc = connect(join(runDir(this.ctx.config), `${instanceName}.vnc`));
    this.open.set(stream, vnc);
    vnc.on('data', (chunk) => this.send(wire.streamFrame(stream, chunk)));
    vnc.on('error', (e) => this.ended(stream, `the console of ${instanceName} is not available: ${e.message}`));
    vnc.on('close', () => this.ended(stream, 'the guest closed its console'));
  }

  data(frame: Uint8Array): void {
    const { stream, payload } = wire.parseStreamFrame(frame);
    this.open.get(stream)?.write(payload);
  }

  /** The server ended the stream. */
  stop(stream: number): void {
    const vnc = this.open.get(stream);
    this.open.delete(stream);
    vnc?.destroy();
  }

  /** The link to the server is gone: every stream with it. */
  stopAll(): void {
    for (const vnc of this.open.values()) vnc.destroy();
    this.open.clear();
  }

  private ended(stream: number, reason: string): void {
    const vnc = this.open.get(stream);
    if (!vnc) return;
    this.open.delete(stream);
    vnc.destroy();
    this.send(JSON.stringify({ type: 'console-close', stream, reason }));
  }
}
