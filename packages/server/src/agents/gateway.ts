import type { AgentCommand, AgentReply, AnswerOf, CommandOfKind, PowerState, VmStats } from '@nimbus/protocol';
import { ApiError, ErrorCode } from '../kernel/errors.ts';
import { AgentUnreachable, type AgentTransport, type FileRef, type FileSink, type FileStream, type FileTransport } from './transport.ts';

/**
 * What the gateway tells infrastructure about a host: its agent answers (Up), its agent's connection is gone
 * (Disconnected: a KVM agent that closed or lost its WebSocket), or it stopped answering (Down).
 */
export type HostState = 'Up' | 'Down' | 'Disconnected';

/** Why a command did not succeed on a host: callers may retry elsewhere on `unreachable`, not on `failed`. */
export type AgentFailure = 'unreachable' | 'timeout' | 'failed';

/** A command that did not succeed on a host, as the 534 the API caller sees; it names the host. */
export class AgentError extends ApiError {
  readonly hostId: string;
  readonly failure: AgentFailure;

  constructor(hostId: string, failure: AgentFailure, text: string) {
    super(ErrorCode.ResourceUnavailableError, text, [hostId]);
    this.hostId = hostId;
    this.failure = failure;
  }
}

class Timeout extends Error {}

interface Route {
  transport: AgentTransport;
  name: string;
  state: HostState;
  /** A real agent, whose guests can stop behind the server's back: its power reports are passed on. */
  remote?: boolean;
  /** What a real host last reported of its use (with each ping round). */
  stats?: HostStats;
  /** And of each guest it runs, by instance name. */
  vmStats?: Record<string, VmStats>;
  /** When the state last changed (ms since the epoch). */
  since?: number;
}

/** A host's measured use: CPU percent of all cores, memory and network as the agent reads them from /proc. */
export type HostStats = Omit<AnswerOf<CommandOfKind<'GetHostStats'>>, 'ok'>;

/** One day: the longest a caller can reasonably want to wait for an answer (CloudStack's `wait` is 1800 s). */
const MAX_TIMEOUT_MS = 86_400_000;

/**
 * Sends typed commands to host agents and tracks whether each host answers. A host that cannot be reached is
 * reported Down at once through `onHostState`; a host reported Down that answers again is reported Up.
 */
export class AgentGateway {
  private readonly routes = new Map<string, Route>();
  /** Applied when a caller gives no time-out (the `wait` setting). */
  defaultTimeoutMs = 1_800_000;
  /** Receives each change of a host's state; the agents module writes it to the database. */
  onHostState: (hostId: string, state: HostState) => Promise<void> = async () => {};
  /** Receives the power state of every guest a host reports running, with each answered ping. */
  onPowerReport: (hostId: string, vmStates: Record<string, PowerState>) => Promise<void> = async () => {};

  attach(hostId: string, name: string, transport: AgentTransport, state: HostState = 'Up', remote = false): void {
    this.routes.set(hostId, { transport, name, state, remote, since: Date.now() });
  }

  /** A host's agent (re)connected over `transport`: it is Up again. */
  async connected(hostId: string, name: string, transport: AgentTransport): Promise<void> {
    const route = this.routes.get(hostId);
    if (!route) {
      this.routes.set(hostId, { transport, name, state: 'Up', remote: true, since: Date.now() });
      await this.onHostState(hostId, 'Up');
      return;
    }
    Object.assign(route, { transport, name, remote: true });
    await this.report(hostId, route, 'Up');
  }

  /** The connection `transport` of a host's agent closed; a newer connection of the same host is left alone. */
  async disconnected(hostId: string, transport: AgentTransport): Promise<void> {
    const route = this.routes.get(hostId);
    if (route?.transport === transport) await this.report(hostId, route, 'Disconnected');
  }

  detach(hostId: string): void {
    this.routes.delete(hostId);
  }

  /** What a real host last reported of its use; undefined for simulated hosts and before the first report. */
  statsOf(hostId: string): HostStats | undefined {
    return this.routes.get(hostId)?.stats;
  }

  /** What a real host last reported of a guest's use; undefined for simulated hosts and guests not reported. */
  vmStatsOf(hostId: string, instanceName: string): VmStats | undefined {
    return this.routes.get(hostId)?.vmStats?.[instanceName];
  }

  /** The state last reported for a host; undefined when it has no route here. */
  stateOf(hostId: string): HostState | undefined {
    return this.routes.get(hostId)?.state;
  }

  get size(): number {
    return this.routes.size;
  }

  /** Runs `cmd` on the host; rejects with an AgentError (534) naming the host when it is unreachable, slow or fails. */
  async send<C extends AgentCommand>(hostId: string, cmd: C, opts: { timeoutMs?: number; onProgress?: (percent: number) => void } = {}): Promise<AnswerOf<C>> {
    const route = this.routes.get(hostId);
    if (!route) throw new AgentError(hostId, 'unreachable', `Host ${hostId} is not connected to this management server`);
    const timeoutMs = Math.min(opts.timeoutMs ?? this.defaultTimeoutMs, MAX_TIMEOUT_MS);
    let reply: AgentReply;
    try {
      const pending = route.transport.send(hostId, cmd, timeoutMs, opts.onProgress);
      reply = pending instanceof Promise ? await withTimeout(pending, timeoutMs) : pending;
    } catch (e) {
      if (e instanceof AgentUnreachable) {
        // A disconnected agent stays Disconnected until it comes back; it has not been found dead.
        if (route.state !== 'Disconnected') await this.report(hostId, route, 'Down');
        throw new AgentError(hostId, 'unreachable', `Host ${route.name} is unreachable: ${e.message}`);
      }
      if (e instanceof Timeout) throw new AgentError(hostId, 'timeout', `${cmd.kind} got no answer from host ${route.name} within ${timeoutMs} ms`);
      throw new AgentError(hostId, 'failed', `${cmd.kind} failed on host ${route.name}: ${(e as Error).message}`);
    }
    if (route.state !== 'Up') await this.report(hostId, route, 'Up');
    if (!reply.ok) throw new AgentError(hostId, 'failed', `${cmd.kind} failed on host ${route.name}: ${reply.error}`);
    return reply as AnswerOf<C>;
  }

  /** Streams a file of the host (a download); throws an AgentError when the host's agent is not connected here. */
  openFile(hostId: string, file: FileRef, sink: FileSink): FileStream {
    const route = this.routes.get(hostId);
    const transport = route?.transport as Partial<FileTransport> | undefined;
    if (!route || !transport?.openFile) throw new AgentError(hostId, 'unreachable', `Host ${hostId} is not connected to this management server`);
    try {
      return transport.openFile(hostId, file, sink);
    } catch (e) {
      throw new AgentError(hostId, 'unreachable', `Host ${route.name} is unreachable: ${(e as Error).message}`);
    }
  }

  /** Pings one host and returns its state, reporting a change. */
  async ping(hostId: string, timeoutMs: number): Promise<HostState> {
    let answer;
    try {
      answer = await this.send(hostId, { kind: 'PingHost' }, { timeoutMs });
    } catch (e) {
      const route = this.routes.get(hostId);
      // A ping that times out means the host is as good as down; `send` already reported an unreachable one.
      if (route && e instanceof AgentError && e.failure !== 'unreachable') await this.report(hostId, route, 'Down');
      return route?.state ?? 'Down';
    }
    const route = this.routes.get(hostId);
    if (route?.remote) {
      await this.onPowerReport(hostId, answer.vmStates);
      try {
        const { ok: _ok, ...stats } = await this.send(hostId, { kind: 'GetHostStats' }, { timeoutMs });
        route.stats = stats;
        const running = Object.keys(answer.vmStates).filter((name) => answer.vmStates[name] === 'PowerOn');
        route.vmStats = running.length ? (await this.send(hostId, { kind: 'GetVmStats', instanceNames: running }, { timeoutMs })).stats : {};
      } catch {
        // Statistics are best effort: the ping already told whether the host is there.
      }
    }
    return 'Up';
  }

  /** Pings every host at once (a slow host does not hold up the others). */
  async pingAll(timeoutMs: number): Promise<void> {
    await Promise.all([...this.routes.keys()].map((id) => this.ping(id, timeoutMs)));
  }

  /** Real hosts Disconnected for longer than `ms` are declared Down: their agent has not come back. */
  async expireDisconnected(ms: number): Promise<void> {
    const now = Date.now();
    for (const [id, route] of this.routes) {
      if (route.remote && route.state === 'Disconnected' && now - (route.since ?? now) > ms) await this.report(id, route, 'Down');
    }
  }

  private async report(hostId: string, route: Route, state: HostState): Promise<void> {
    if (route.state === state) return;
    route.state = state;
    route.since = Date.now();
    await this.onHostState(hostId, state);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Timeout()), ms);
    timer.unref();
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
