import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import { errors } from '../kernel/errors.ts';
import { AdmissionRefused, admitAgent } from './endpoint.ts';
import { gateway } from './runtime.ts';
import type { AgentTransport } from './transport.ts';
import { AgentUnreachable } from './transport.ts';

/** Stands in for a KVM host's agent until it connects (after a server restart): every command is unreachable. */
const notConnected: AgentTransport = {
  send() {
    throw new AgentUnreachable('its agent has not connected to this management server since it started');
  },
};

let log: Logger | undefined;

export function setAgentLog(l: Logger): void {
  log = l;
}

/** The management address of a KVM host from addHost's `url` (`http://10.0.0.5`, or the bare address). */
export function kvmAddress(url: string): string {
  const m = /^(?:https?:\/\/)?([^/:?#\s]+)(?::\d+)?\/?$/i.exec(url.trim());
  if (!m) throw errors.invalidParam('addHost', 'url', url, 'expected http://<host address> for a KVM host');
  return m[1];
}

/**
 * Admits the KVM agent at the host's address (addHost): it must have connected with the same credentials. Keeps the
 * secret issued to it; returns the name the agent reports. A refused or absent agent is a 431 saying why.
 */
export async function admitKvmHost(db: Kysely<Database>, q: { id: string; url: string; username?: string; password?: string }): Promise<string> {
  if (!q.username || !q.password) throw errors.paramError('addHost needs username and password for a KVM host: those its agent was configured with');
  let admitted;
  try {
    admitted = await admitAgent({ hostId: q.id, address: kvmAddress(q.url), username: q.username, password: q.password }, log as Logger);
  } catch (e) {
    if (e instanceof AdmissionRefused) throw errors.paramError(`Unable to add host ${q.url}: ${e.message}`);
    throw e;
  }
  await db
    .insertInto('agent_host')
    .values({
      host_id: q.id,
      name: admitted.name,
      hypervisor: 'KVM',
      url: q.url,
      cpu_number: 0,
      cpu_speed: 0,
      memory_bytes: 0,
      local_storage_bytes: 0,
      state: 'Up',
      secret: admitted.sealedSecret,
      created: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('host_id').doUpdateSet({ name: admitted.name, secret: admitted.sealedSecret, state: 'Up' }))
    .execute();
  return admitted.name;
}

/** At start: every KVM host is Disconnected until its agent connects again with its secret. */
export async function awaitKvmAgents(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom('agent_host').select(['host_id', 'name']).where('hypervisor', '=', 'KVM').execute();
  for (const r of rows) if (!gateway.stateOf(r.host_id)) gateway.attach(r.host_id, r.name, notConnected, 'Disconnected', true);
  return rows.length;
}
