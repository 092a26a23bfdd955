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
