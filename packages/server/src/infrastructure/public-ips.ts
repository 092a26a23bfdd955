import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ApiError, ErrorCode, errors } from '../kernel/errors.ts';
import type { PublicIpRow } from './tables.ts';

export interface PublicIpRequest {
  zoneId: string;
  accountId: string;
  domainId: string;
  networkId?: string;
  /** A specific address; otherwise the lowest free one. */
  ip?: string;
}

/** Free addresses a new allocation may take: those of ranges open to all, or dedicated to this account. */
function freeAddresses(trx: Kysely<Database>, q: PublicIpRequest) {
  return trx
    .selectFrom('public_ip')
    .innerJoin('vlan_ip_range', 'vlan_ip_range.id', 'public_ip.vlan_id')
    .selectAll('public_ip')
    .where('public_ip.zone_id', '=', q.zoneId)
    .where('public_ip.state', '=', 'Free')
    .where('vlan_ip_range.for_virtual_network', '=', 1)
    .where('vlan_ip_range.for_system_vms', '=', 0)
    .where((eb) => eb.or([eb('vlan_ip_range.account_id', 'is', null), eb('vlan_ip_range.account_id', '=', q.accountId)]))
    .where((eb) => eb.or([eb('vlan_ip_range.domain_id', 'is', null), eb('vlan_ip_range.account_id', 'is not', null), eb('vlan_ip_range.domain_id', '=', q.domainId)]));
}

/**
 * Takes a public address for an account: a conditional UPDATE from Free, retried with the next candidate when
 * another request took it first. 533 when the zone has no free address, 534 when the one asked for is taken.
 */
export async function allocatePublicIp(trx: Kysely<Database>, q: PublicIpRequest): Promise<PublicIpRow> {
  for (let attempt = 0; attempt < 20; attempt++) {
    let query = freeAddresses(trx, q);
    if (q.ip) query = query.where('public_ip.address', '=', q.ip);
    const candidates = await query.orderBy('public_ip.address_num').limit(5).execute();
    if (candidates.length === 0) {
      if (q.ip) throw errors.unavailable(`Public IP address ${q.ip} is not free in zone ${q.zoneId}`);
      throw new ApiError(ErrorCode.InsufficientCapacityError, `Insufficient address capacity: no free public IP address in zone ${q.zoneId}`);
    }
    const pick = candidates[Math.floor(Math.random() * candidates.length)];
    const allocated = new Date().toISOString();
    const r = await trx
      .updateTable('public_ip')
      .set({ state: 'Allocated', account_id: q.accountId, domain_id: q.domainId, network_id: q.networkId ?? null, allocated })
      .where('id', '=', pick.id)
      .where('state', '=', 'Free')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) {
      return { ...pick, state: 'Allocated', account_id: q.accountId, domain_id: q.domainId, network_id: q.networkId ?? null, allocated };
    }
  }
  throw errors.unavailable(`Could not allocate a public IP address in zone ${q.zoneId}: too many concurrent allocations, try again`);
}

/** Returns an address to its range's free pool. */
export async function releasePublicIp(trx: Kysely<Database>, id: string): Promise<void> {
  await trx
    .updateTable('public_ip')
    .set({ state: 'Free', account_id: null, domain_id: null, network_id: null, allocated: null })
    .where('id', '=', id)
    .execute();
}
