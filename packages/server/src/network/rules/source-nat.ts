import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { releaseResources, reserveResources } from '../../identity/limits/index.ts';
import { ApiError, ErrorCode } from '../../kernel/errors.ts';
import { allocatePublicIp, releasePublicIp } from '../../infrastructure/index.ts';

type Db = Kysely<Database>;

interface GuestNetwork {
  id: string;
  zone_id: string;
  account_id: string;
  domain_id: string;
}

/** Whether the network's offering provides SourceNat: only then does an address give its guests a way out. */
export async function providesSourceNat(db: Db, networkId: string): Promise<boolean> {
  const o = await db
    .selectFrom('network')
    .innerJoin('network_offering', 'network_offering.id', 'network.network_offering_id')
    .select('network_offering.services')
    .where('network.id', '=', networkId)
    .executeTakeFirst();
  return !!o && 'SourceNat' in (JSON.parse(o.services) as Record<string, unknown>);
}

/** Takes a free public address of the network's zone and makes it the network's source NAT address (not counted here). */
export async function insertSourceNat(trx: Transaction<Database>, network: GuestNetwork, created: string): Promise<string> {
  const ip = await allocatePublicIp(trx, { zoneId: network.zone_id, accountId: network.account_id, domainId: network.domain_id, networkId: network.id });
  await trx.insertInto('network_ip').values({ id: ip.id, network_id: network.id, is_source_nat: 1, static_nat_vm_id: null, static_nat_vm_ip: null, created }).execute();
  return ip.id;
}

/**
 * What implementing an isolated network does for its way out, as CloudStack's assignSourceNatIpAddressToGuestNetwork:
 * a network whose offering provides SourceNat and that has no source NAT address gets one, counted against the
 * account's public_ip limit (532 at the limit, 533 when the zone's public ranges have no free address). A zone
 * without any public range for guest networks has guest-only networks: nothing to take. Returns the address taken.
 */
export async function assignSourceNat(db: Db, network: GuestNetwork & { name: string; guest_type: string }): Promise<string | undefined> {
  if (network.guest_type !== 'Isolated') return undefined;
  const [has, ranges, wanted] = await Promise.all([
    db.selectFrom('network_ip').select('id').where('network_id', '=', network.id).where('is_source_nat', '=', 1).executeTakeFirst(),
    db.selectFrom('vlan_ip_range').select('id').where('zone_id', '=', network.zone_id).where('for_virtual_network', '=', 1).where('for_system_vms', '=', 0).limit(1).executeTakeFirst(),
    providesSourceNat(db, network.id),
  ]);
  if (has || !ranges || !wanted) return undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      await reserveResources(trx, network.account_id, { public_ip: 1 });
      return await insertSourceNat(trx, network, new Date().toISOString());
    });
  } catch (e) {
    if (!(e instanceof ApiError) || e.errorcode !== ErrorCode.InsufficientCapacityError) throw e;
    throw new ApiError(ErrorCode.InsufficientCapacityError, `Unable to implement network ${network.name}: ${e.message} for its source NAT address`, [network.id]);
  }
}

/** Gives back a source NAT address taken by an implement that failed afterwards. */
export async function unassignSourceNat(db: Db, accountId: string, ipId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('network_ip').where('id', '=', ipId).execute();
    await releasePublicIp(trx, ipId);
    await releaseResources(trx, accountId, { public_ip: 1 });
  });
}
