import type { DomainModule } from '../kernel/module.ts';
import { raiseAlert } from '../operations/index.ts';
import { configureSimulatorHost } from './commands/configure-simulator-host.ts';
import type { AgentGateway, HostState } from './gateway.ts';
import { reconnectSimulatedHosts } from './hosts.ts';
import { awaitKvmAgents, setAgentLog } from './kvm-hosts.ts';
import { startLiveness } from './liveness.ts';
import { gateway } from './runtime.ts';
import { agentSettings } from './settings.ts';

export { AgentError, type AgentFailure, type AgentGateway, type HostState } from './gateway.ts';
export { connectHost, disconnectHost, type AgentHost, type HostInfo } from './hosts.ts';
export { kvmAddress } from './kvm-hosts.ts';
export { openConsole, startAgentEndpoint } from './endpoint.ts';
export { downloadRoute, grantDownload, type DownloadGrant } from './downloads.ts';
export { agentTls } from './tls.ts';
export type { ConsoleStream } from './agent-socket.ts';

/** The gateway to every host agent of this management server. */
export function agents(): AgentGateway {
  return gateway;
}

export const agentsModule: DomainModule = {
  name: 'agents',
  commands: [configureSimulatorHost],
  settings: agentSettings,
  async start(kernel) {
    const { db, log } = kernel;
    gateway.defaultTimeoutMs = (await kernel.settings.int('wait')) * 1000;
    gateway.onHostState = async (hostId: string, state: HostState) => {
      try {
        await db.updateTable('agent_host').set({ state }).where('host_id', '=', hostId).execute();
        log.warn({ hostId, state }, 'host state changed');
        const host = await db.selectFrom('host').select(['name', 'zone_id', 'pod_id', 'cluster_id']).where('id', '=', hostId).executeTakeFirst();
        if (host) {
          const why = { Up: 'is Up: its agent answers again', Disconnected: 'is Disconnected: its agent\'s connection closed', Down: 'is Down: its agent does not answer' }[state];
          await raiseAlert(db, 'HOST', `Host ${host.name} (${hostId}) ${why}`, { zoneId: host.zone_id, podId: host.pod_id, clusterId: host.cluster_id });
        }
      } catch (e) {
        log.error({ err: e, hostId, state }, 'could not record a host state change');
      }
    };
    setAgentLog(log);
    const kvmHosts = await awaitKvmAgents(db);
    if (kvmHosts > 0) await db.updateTable('agent_host').set({ state: 'Disconnected' }).where('hypervisor', '=', 'KVM').execute();
    const hosts = await reconnectSimulatedHosts(db);
    if (hosts > 0) {
      // Their faults did not survive the restart: one round now reports a host left Down as Up again at once.
      await gateway.pingAll((await kernel.settings.int('ping.interval')) * 1000);
      log.info({ hosts }, 'simulated hosts reconnected');
    }
    return startLiveness(kernel, gateway);
  },
};
