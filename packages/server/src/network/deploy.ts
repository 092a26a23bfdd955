import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { assertAccess } from '../identity/scope.ts';
import { findZone } from '../infrastructure/index.ts';
import { defaultIsolatedOffering } from '../offerings/index.ts';
import { findNetwork, insertNetwork, type NetworkRow } from './networks.ts';

/** A network a VM of the caller may be deployed into: 431 when unknown, 531 when out of the caller's reach. */
export async function findNetworkForDeploy(db: Kysely<Database>, id: string, caller: Caller): Promise<NetworkRow> {
  const { domain_path, ...network } = await findNetwork(db, id);
  assertAccess(caller, { accountId: network.account_id, domainPath: domain_path }, 'network');
  return network;
}

/**
 * The network a deploy without networks uses: the account's oldest network in the zone, or, when it has none,
 * a new `<account>-network` from the default isolated offering, as CloudStack creates one on first deploy in an
 * Advanced zone. Two first deploys racing end up in the same network.
 */
export async function defaultNetworkFor(
  trx: Transaction<Database>,
  q: { zoneId: string; accountId: string; domainId: string },
): Promise<NetworkRow> {
  const existing = await trx
    .selectFrom('network')
    .selectAll()
    .where('account_id', '=', q.accountId)
    .where('zone_id', '=', q.zoneId)
    .orderBy('created')
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return existing;
  const zone = await findZone(trx, q.zoneId);
  if (zone.network_type !== 'Advanced') throw errors.paramError(`Zone ${zone.name} is not an Advanced zone: name the network to deploy into`);
  const account = await trx.selectFrom('account').select('name').where('id', '=', q.accountId).executeTakeFirstOrThrow();
  const offering = await defaultIsolatedOffering(trx);
  const defaultKey = `${q.accountId}/${q.zoneId}`;
  await insertNetwork(trx, {
    name: `${account.name}-network`,
    displayText: `${account.name}-network`,
    zoneId: q.zoneId,
    offeringId: offering.id,
    accountId: q.accountId,
    domainId: q.domainId,
    guestCidr: zone.guest_cidr ?? undefined,
    networkDomain: zone.network_domain ?? undefined,
    dns1: zone.dns1,
    dns2: zone.dns2 ?? undefined,
    defaultKey,
  });
  return trx.selectFrom('network').selectAll().where('default_key', '=', defaultKey).executeTakeFirstOrThrow();
}
