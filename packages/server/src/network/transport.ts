import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { routerHost } from './rules/apply.ts';
import { broadcastUris } from './vni.ts';

type Db = Kysely<Database>;

export interface NetworkTransport {
  /** `vlan://<id>` or `vxlan://<id>` while the network is implemented. */
  broadcastUri?: string;
  /** Addresses of the other hosts carrying the network: its router's, and those running its VMs. */
  peers: string[];
}

/**
 * How each network reaches `hostId` from the other hosts that carry it: its guest VLAN and the hosts to flood to.
 * `alsoOn` names hosts that carry it from now on although no VM of it is recorded there yet (a migration's target).
 */
export async function networkTransport(db: Db, networkIds: string[], hostId: string, alsoOn: string[] = []): Promise<Map<string, NetworkTransport>> {
  const out = new Map<string, NetworkTransport>();
  if (networkIds.length === 0) return out;
  const uris = await broadcastUris(db, networkIds);
  const running = await db
    .selectFrom('nic')
    .innerJoin('vm_instance', 'vm_instance.id', 'nic.vm_id')
    .select(['nic.network_id', 'vm_instance.host_id'])
    .distinct()
    .where('nic.network_id', 'in', networkIds)
    .where('vm_instance.host_id', 'is not', null)
    .execute();
  const networks = await db.selectFrom('network').select(['id', 'zone_id', 'name']).where('id', 'in', networkIds).execute();
  const hostsOf = new Map<string, Set<string>>(networkIds.map((id) => [id, new Set(alsoOn)]));
  for (const r of running) hostsOf.get(r.network_id)?.add(r.host_id as string);
  for (const n of networks) {
    try {
      hostsOf.get(n.id)?.add(await routerHost(db, n));
    } catch {
      // No host is up for a router yet: the first VM's start places it.
    }
  }
  const allHosts = [...new Set([...hostsOf.values()].flatMap((s) => [...s]))].filter((h) => h !== hostId);
  const addresses = new Map(
    allHosts.length === 0 ? [] : (await db.selectFrom('host').select(['id', 'ip_address']).where('id', 'in', allHosts).execute()).map((h) => [h.id, h.ip_address]),
  );
  for (const id of networkIds) {
    const peers = [...(hostsOf.get(id) ?? [])].filter((h) => h !== hostId).map((h) => addresses.get(h)).filter((a): a is string => !!a);
    out.set(id, { broadcastUri: uris.get(id), peers: [...new Set(peers)].sort() });
  }
  return out;
}
