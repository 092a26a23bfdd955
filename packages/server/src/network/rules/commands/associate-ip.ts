import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { defineCommand, object } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { assertAccess } from '../../../identity/scope.ts';
import { releaseResources, reserveResources } from '../../../identity/limits/index.ts';
import { allocatePublicIp, findZone, releasePublicIp } from '../../../infrastructure/index.ts';
import { findNetwork, type NetworkRow } from '../../networks.ts';
import { resolveOwner } from '../../../identity/index.ts';
import { changeRules } from '../apply.ts';
import { insertSourceNat, providesSourceNat } from '../source-nat.ts';
import { ipColumns, ipResponses } from '../responses.ts';

type Network = NetworkRow & { domain_path: string };

/** With only a zone, CloudStack associates the address with the account's one isolated network there. */
async function soleNetwork(db: Kysely<Database>, zoneId: string, accountId: string, accountName: string): Promise<Network> {
  const networks = await db.selectFrom('network').select('id').where('zone_id', '=', zoneId).where('account_id', '=', accountId).where('guest_type', '=', 'Isolated').limit(2).execute();
  if (networks.length === 0) throw errors.paramError(`Account ${accountName} doesn't have virtual networks in zone ${zoneId}`);
  if (networks.length > 1) throw errors.paramError(`Account ${accountName} has more than one isolated network in zone ${zoneId}: give networkid`);
  return findNetwork(db, networks[0].id);
}

export const associateIpAddress = defineCommand({
  name: 'associateIpAddress',
  description: 'Acquires a public IP address from the zone\'s public ranges for an isolated guest network',
  access: access.all,
  async: true,
  event: 'NET.IPASSIGN',
  params: {
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone: the address goes to the account\'s one isolated network there' },
    networkid: { type: 'uuid', entity: 'Network', description: 'The isolated network the address is associated with' },
    ipaddress: { type: 'string', description: 'A specific free address of the zone\'s public ranges' },
    account: { type: 'string', description: 'With zoneid: the account the address is for (with domainid)' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'The domain of that account' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every address is shown' },
    isportable: { type: 'boolean', description: 'Portable addresses are not supported: false only' },
  },
  response: { type: 'object', name: 'ipaddress' },
  async handler(ctx, p) {
    if (!p.zoneid && !p.networkid) throw errors.paramError('Either zoneid or networkid must be given');
    if (p.isportable === true) throw errors.paramError('Portable public IP addresses are not supported');
    let network: Network;
    if (p.networkid) {
      network = await findNetwork(ctx.db, p.networkid as string);
      assertAccess(ctx.caller, { accountId: network.account_id, domainPath: network.domain_path }, 'network');
      if (p.zoneid && p.zoneid !== network.zone_id) throw errors.paramError(`Network ${network.name} is not in zone ${p.zoneid as string}`);
    } else {
      await findZone(ctx.db, p.zoneid as string);
      const owner = await resolveOwner(ctx, p);
      network = await soleNetwork(ctx.db, p.zoneid as string, owner.accountId, owner.accountName);
    }
    if (network.guest_type !== 'Isolated') throw errors.paramError(`Network ${network.name} is ${network.guest_type}: public addresses go to isolated networks`);
    const ids = await changeRules(ctx.db, network, {
      async record(trx) {
        const hasSourceNat = await trx.selectFrom('network_ip').select('id').where('network_id', '=', network.id).where('is_source_nat', '=', 1).executeTakeFirst();
        // An implemented network whose offering provides SourceNat but has no source NAT address was implemented
        // while its zone had no public range (or before implementing took one): it gets it now, and this asked-for
        // address is another. An unused network's first address becomes its source NAT address, which its
        // implement then keeps.
        const sourceNatFirst = !hasSourceNat && network.state === 'Implemented' && (await providesSourceNat(trx, network.id));
        const made: string[] = [];
        const owner = { zoneId: network.zone_id, accountId: network.account_id, domainId: network.domain_id, networkId: network.id };
        await reserveResources(trx, network.account_id, { public_ip: sourceNatFirst ? 2 : 1 });
        const created = new Date().toISOString();
        if (sourceNatFirst) made.push(await insertSourceNat(trx, network, created));
        const ip = await allocatePublicIp(trx, { ...owner, ip: p.ipaddress as string | undefined });
        await trx.insertInto('network_ip').values({ id: ip.id, network_id: network.id, is_source_nat: hasSourceNat || sourceNatFirst ? 0 : 1, static_nat_vm_id: null, static_nat_vm_ip: null, created }).execute();
        made.push(ip.id);
        return made;
      },
      async commit() {},
      async rollback(trx, made) {
        await trx.deleteFrom('network_ip').where('id', 'in', made).execute();
        for (const id of made) await releasePublicIp(trx, id);
        await releaseResources(trx, network.account_id, { public_ip: made.length });
      },
    });
    const id = ids[ids.length - 1];
    const row = await ipColumns(ctx.db).where('public_ip.id', '=', id).executeTakeFirstOrThrow();
    ctx.event = { ...ctx.event, resourceType: 'IpAddress', resourceId: id, description: `acquired public IP address ${row.address} for network ${network.name}` };
    const [response] = await ipResponses(ctx.db, [row]);
    return object(response);
  },
});
