import type { AgentCommand, AgentReply } from '@nimbus/protocol';
import { AgentUnreachable, type AgentTransport, type FileRef, type FileSink, type FileStream, type FileTransport } from '../transport.ts';
import { handlers } from './handlers/index.ts';
import type { Handler } from './handlers/handler.ts';
import { emptyQcow2 } from './qcow2.ts';
import { SimulatorState, type HostFigures, type SimHost, type SimulatorFaults } from './model.ts';

/** The in-process simulator hypervisor: every simulated host's agent, answering in microseconds unless told to lag. */
export class Simulator implements AgentTransport, FileTransport {
  readonly state = new SimulatorState();

  addHost(figures: HostFigures): SimHost {
    return this.state.addHost(figures);
  }

  removeHost(id: string): void {
    this.state.removeHost(id);
  }

  host(id: string): SimHost | undefined {
    return this.state.hosts.get(id);
  }

  /** Fault injection (configureSimulatorHost): only the faults named change. */
  configure(id: string, faults: SimulatorFaults): SimHost | undefined {
    const host = this.state.hosts.get(id);
    if (!host) return undefined;
    if (faults.failNextStarts !== undefined) host.failNextStarts = faults.failNextStarts;
    if (faults.latencyMs !== undefined) host.latencyMs = faults.latencyMs;
    if (faults.down !== undefined) host.down = faults.down;
    return host;
  }

  send(hostId: string, cmd: AgentCommand): AgentReply | Promise<AgentReply> {
    const host = this.state.hosts.get(hostId);
    if (!host) throw new AgentUnreachable('no simulated agent is connected for it');
    if (host.down) throw new AgentUnreachable('its simulated agent is down');
    if (host.latencyMs <= 0) return this.answer(host, cmd);
    // The command takes effect when its late answer is sent, as on a slow host; a host taken down meanwhile says nothing.
    return new Promise((resolve, reject) =>
      setTimeout(() => (host.down ? reject(new AgentUnreachable('its simulated agent went down')) : resolve(this.answer(host, cmd))), host.latencyMs),
    );
  }

  /** Streams a file a PrepareDownload answered: an empty qcow2 of its virtual size, in one chunk on the next tick. */
  openFile(hostId: string, file: FileRef, sink: FileSink): FileStream {
    const host = this.state.hosts.get(hostId);
    if (!host || host.down) throw new AgentUnreachable('its simulated agent is down');
    let cancelled = false;
    setImmediate(() => {
      if (cancelled) return;
      const image = emptyQcow2(file.virtualSizeBytes);
      sink.start(image.length);
      sink.data(image, () => {});
      sink.end();
    });
    return { cancel: () => (cancelled = true) };
  }

  private answer(host: SimHost, cmd: AgentCommand): AgentReply {
    const handler = handlers[cmd.kind] as Handler<AgentCommand['kind']>;
    return handler(this.state, host, cmd as never) as AgentReply;
  }
}
