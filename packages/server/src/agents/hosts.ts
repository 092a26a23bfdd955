import type { AnswerOf, CommandOfKind } from '@nimbus/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from '../kernel/errors.ts';
import type { HostState } from './gateway.ts';
import { dropAgent } from './endpoint.ts';
import { admitKvmHost } from './kvm-hosts.ts';
import { gateway, simulator } from './runtime.ts';
import { defaultHostFigures } from './simulator/model.ts';

/** A host as infrastructure registers it; figures left out take the simulator's defaults. */
export interface AgentHost {
  id: string;
  name: string;
  hypervisor: string;
  url: string;
  cpuNumber?: number;
  /** MHz per core. */
  cpuSpeed?: number;
  memoryBytes?: number;
  localStorageBytes?: number;
  /** KVM: the credentials its agent was configured with. */
  username?: string;
  password?: string;
}

/** What the host's agent reports about its hardware when it connects. */
export type HostInfo = Omit<AnswerOf<CommandOfKind<'ReadyHost'>>, 'ok'> & { name?: string };

/**
 * Connects a host's agent (again, for `reconnectHost`) and returns what it reports. A KVM host's agent must be
 * connected and waiting: addHost admits it with the credentials it was configured with (`username`, `password`).
 * A host that does not answer is a 534.
 */
export async function connectHost(db: Kysely<Database>, host: AgentHost): Promise<HostInfo> {
  if (host.hypervisor === 'KVM') {
    const route = gateway.stateOf(host.id);
    const name = route === undefined ? await admitKvmHost(db, host) : host.name;
    const { ok: _ok, ...info } = await gateway.send(host.id, { kind: 'ReadyHost', hostId: host.id, name }, { timeoutMs: 30_000 });
    await db
      .updateTable('agent_host')
      .set({ cpu_number: info.cpuNumber, cpu_speed: info.cpuSpeed, memory_bytes: info.memoryBytes, local_storage_bytes: info.localStorageBytes })
      .where('host_id', '=', host.id)
      .execute();
    return { ...info, name };
  }
  if (host.hypervisor !== 'Simulator') {
    throw errors.paramError(`Hypervisor ${host.hypervisor} is not supported: hosts are KVM (with the Nimbus agent) or Simulator`);
  }
  const row = {
    name: host.name,
    hypervisor: host.hypervisor,
    url: host.url,
    cpu_number: host.cpuNumber ?? defaultHostFigures.cpuNumber,
    cpu_speed: host.cpuSpeed ?? defaultHostFigures.cpuSpeed,
    memory_bytes: host.memoryBytes ?? defaultHostFigures.memoryBytes,
    local_storage_bytes: host.localStorageBytes ?? defaultHostFigures.localStorageBytes,
  };
  await db
    .insertInto('agent_host')
    .values({ host_id: host.id, ...row, state: 'Up', secret: null, created: new Date().toISOString() })
    .onConflict((oc) => oc.column('host_id').doUpdateSet(row))
    .execute();
  // The state last reported stays until the host answers (or not): a change is reported, not assumed.
  attachSimulated(host.id, { ...row, state: gateway.stateOf(host.id) ?? 'Up' });
  const { ok: _ok, ...info } = await gateway.send(host.id, { kind: 'ReadyHost', hostId: host.id, name: host.name });
  return info;
}

/** Forgets a host's agent (deleteHost): a simulated host's guests go with it; a real agent waits to be added again. */
export async function disconnectHost(db: Kysely<Database>, hostId: string): Promise<void> {
  await db.deleteFrom('agent_host').where('host_id', '=', hostId).execute();
  gateway.detach(hostId);
  simulator.removeHost(hostId);
  dropAgent(hostId);
}

/** Brings back, at start, the simulated agents of every host connected before; returns how many. */
export async function reconnectSimulatedHosts(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom('agent_host').selectAll().where('hypervisor', '=', 'Simulator').execute();
  for (const r of rows) attachSimulated(r.host_id, r);
  return rows.length;
}

type HostRow = Omit<Database['agent_host'], 'host_id' | 'created' | 'secret'>;

function attachSimulated(id: string, r: HostRow): void {
  simulator.addHost({ id, name: r.name, cpuNumber: r.cpu_number, cpuSpeed: r.cpu_speed, memoryBytes: r.memory_bytes, localStorageBytes: r.local_storage_bytes });
  gateway.attach(id, r.name, simulator, r.state as HostState);
}
