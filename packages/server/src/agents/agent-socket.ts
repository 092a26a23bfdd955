import { parseReply, wire, type AgentCommand, type AgentReply } from '@nimbus/protocol';
import type { WebSocket } from 'ws';
import { AgentUnreachable, type AgentTransport, type FileRef, type FileSink, type FileStream, type FileTransport } from './transport.ts';

interface Waiting {
  kind: AgentCommand['kind'];
  onProgress?: (percent: number) => void;
  resolve(reply: AgentReply): void;
  reject(e: Error): void;
}

/**
 * The commands of one admitted agent over its WebSocket: each command gets an id its answer carries back, so many
 * run at once. When the socket closes, every command still waiting fails as unreachable.
 */
/** One console stream through the agent: bytes to the guest's VNC, and what comes back. */
export interface ConsoleStream {
  write(data: Uint8Array): void;
  close(): void;
}

interface StreamSink {
  data(payload: Buffer): void;
  closed(reason: string): void;
}

export class AgentSocket implements AgentTransport, FileTransport {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private nextStream = 1;
  private readonly streams = new Map<number, StreamSink>();
  private readonly files = new Map<number, FileSink>();
  private closed = false;

  readonly socket: WebSocket;

  constructor(socket: WebSocket) {
    this.socket = socket;
  }

  send(_hostId: string, cmd: AgentCommand, timeoutMs = 1_800_000, onProgress?: (percent: number) => void): Promise<AgentReply> {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return Promise.reject(new AgentUnreachable('its agent is not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { kind: cmd.kind, onProgress, resolve, reject });
      this.socket.send(JSON.stringify({ type: 'command', id, timeoutMs, command: cmd }), (err) => {
        if (err) this.settle(id, undefined, new AgentUnreachable(`sending to its agent failed: ${err.message}`));
      });
    });
  }

  /** An `answer` frame from the agent. */
  answer(frame: typeof wire.AnswerFrame._zod.output): void {
    const w = this.waiting.get(frame.id);
    if (!w) return;
    try {
      this.settle(frame.id, parseReply(w.kind, frame.reply));
    } catch (e) {
      this.settle(frame.id, undefined, e as Error);
    }
  }

  /** A `progress` frame: how far a command still running has got. */
  progress(frame: typeof wire.ProgressFrame._zod.output): void {
    this.waiting.get(frame.id)?.onProgress?.(frame.percent);
  }

  /** The socket is gone: nothing more will be answered, and every console and file stream ends. */
  close(why: string): void {
    this.closed = true;
    for (const id of this.waiting.keys()) this.settle(id, undefined, new AgentUnreachable(why));
    for (const sink of this.streams.values()) sink.closed(why);
    this.streams.clear();
    for (const sink of this.files.values()) sink.end(why);
    this.files.clear();
  }

  /** Opens a stream to a guest's VNC socket on this host; `sink` gets what the guest sends, and the end. */
  openConsole(instanceName: string, sink: StreamSink): ConsoleStream {
    if (this.closed) throw new AgentUnreachable('its agent is not connected');
    const stream = this.nextStream++;
    this.streams.set(stream, sink);
    this.socket.send(JSON.stringify({ type: 'console-open', stream, instanceName }));
    return {
      write: (data) => {
        if (this.streams.has(stream)) this.socket.send(wire.streamFrame(stream, data));
      },
      close: () => {
        if (this.streams.delete(stream) && !this.closed) this.socket.send(JSON.stringify({ type: 'console-close', stream }));
      },
    };
  }

  /** Streams a file of this host (`file-open`); each chunk passed on is acknowledged to the agent (`file-ack`). */
  openFile(_hostId: string, file: FileRef, sink: FileSink): FileStream {
    if (this.closed) throw new AgentUnreachable('its agent is not connected');
    const stream = this.nextStream++;
    this.files.set(stream, sink);
    this.socket.send(JSON.stringify({ type: 'file-open', stream, path: file.path }));
    return {
      cancel: () => {
        if (this.files.delete(stream) && !this.closed) this.socket.send(JSON.stringify({ type: 'file-close', stream }));
      },
    };
  }

  /** A `file-info` frame: the size of a file stream, before its bytes. */
  fileStarted(stream: number, sizeBytes: number): void {
    this.files.get(stream)?.start(sizeBytes);
  }

  /** A `file-close` frame: the agent sent the whole file, or failed. */
  fileEnded(stream: number, reason?: string): void {
    const sink = this.files.get(stream);
    this.files.delete(stream);
    sink?.end(reason);
  }

  /** A binary frame from the agent: bytes of a console or file stream. */
  streamData(frame: Buffer): void {
    const { stream, payload } = wire.parseStreamFrame(frame);
    const file = this.files.get(stream);
    if (!file) return this.streams.get(stream)?.data(payload);
    file.data(payload, () => {
      if (this.files.has(stream) && !this.closed) this.socket.send(JSON.stringify({ type: 'file-ack', stream, bytes: payload.length }));
    });
  }

  /** The agent ended a console stream (the guest's VNC closed, or it could not connect). */
  streamClosed(stream: number, reason: string): void {
    const sink = this.streams.get(stream);
    this.streams.delete(stream);
    sink?.closed(reason);
  }

  private settle(id: number, reply: AgentReply | undefined, error?: Error): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (error) w.reject(error);
    else w.resolve(reply as AgentReply);
  }
}
