import type { AgentCommand, AgentReply } from '@nimbus/protocol';

/**
 * How commands reach the agents of some hosts: the in-process simulator, or a WebSocket per KVM agent. An
 * answer may come back synchronously (the simulator without latency), which spares the gateway a timer per command.
 */
export interface AgentTransport {
  /** `timeoutMs` tells a remote agent when to give up on the command itself; `onProgress` hears how far it got. */
  send(hostId: string, cmd: AgentCommand, timeoutMs?: number, onProgress?: (percent: number) => void): AgentReply | Promise<AgentReply>;
}

/** Thrown by a transport when the host's agent cannot be reached at all (down, disconnected). */
export class AgentUnreachable extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'AgentUnreachable';
  }
}

/** A file on a host to stream (a download): `virtualSizeBytes` is what PrepareDownload answered for it. */
export interface FileRef {
  path: string;
  virtualSizeBytes: number;
}

/** Receives a file stream from a host. */
export interface FileSink {
  /** The file's size in bytes, before any of them. */
  start(sizeBytes: number): void;
  /** A chunk; `passedOn` is called once it has left (the agent sends more only as chunks are passed on). */
  data(payload: Buffer, passedOn: () => void): void;
  /** The end: complete without a reason, failed with one. */
  end(reason?: string): void;
}

/** A file stream in progress; `cancel` ends it early (the client went away). */
export interface FileStream {
  cancel(): void;
}

/** A transport that can stream files from its hosts. */
export interface FileTransport {
  openFile(hostId: string, file: FileRef, sink: FileSink): FileStream;
}
