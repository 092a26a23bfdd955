import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { displayPath } from '../identity/responses.ts';
import { findNetworkOffering } from '../offerings/index.ts';
import { zoneNames } from '../infrastructure/index.ts';
import { reserveResources } from '../identity/limits/index.ts';
import { tagsOf } from '../operations/index.ts';
import { broadcastUris } from './vni.ts';
import { formatCidr, formatIp, hostRange, netFromGateway, netmaskOf, parseCidr, parseIp, prefixOf } from './cidr.ts';

export type NetworkRow = Database['network'];
type Db = Kysely<Database>;

/** CloudStack's guest CIDR of an advanced zone when none is configured. */
export const DEFAULT_GUEST_CIDR = '10.1.1.0/24';

export interface NewNetwork {
  name: string;
  displayText: string;
  zoneId: string;
  offeringId: string;
  accountId: string;
  domainId: string;
  gateway?: string;
  netmask?: string;
  guestCidr?: string;
  networkDomain?: string;
  dns1?: string;
  dns2?: string;
  displayNetwork?: boolean;
  defaultKey?: string;
}

/** The addressing of a new network: `gateway` + `netmask` as given, or the zone's guest CIDR with its first address as gateway. */
export function addressing(n: Pick<NewNetwork, 'gateway' | 'netmask' | 'guestCidr'>): { cidr: string; gateway: string; netmask: string } {
  if ((n.gateway === undefined) !== (n.netmask === undefined)) throw errors.paramError('gateway and netmask must be given together');
  if (n.gateway !== undefined && n.netmask !== undefined) {
    const gw = parseIp(n.gateway);
    if (gw === undefined) throw errors.paramError(`Invalid gateway ${n.gateway}: not an IPv4 address`);
    const prefix = prefixOf(n.netmask);
    if (prefix === undefined || prefix > 30) throw errors.paramError(`Invalid netmask ${n.netmask}: it must be a contiguous mask of at most /30`);
    const net = netFromGateway(gw, prefix);
    const { first, last } = hostRange(net);
    if (gw < first || gw > last) throw errors.paramError(`Invalid gateway ${n.gateway}: it is the network or broadcast address of ${formatCidr(net)}`);
    return { cidr: formatCidr(net), gateway: formatIp(gw), netmask: n.netmask };
  }
  const net = parseCidr(n.guestCidr ?? DEFAULT_GUEST_CIDR);
  if (!net || net.prefix > 30) throw errors.paramError(`Invalid guest CIDR ${n.guestCidr}`);
  return { cidr: formatCidr(net), gateway: formatIp(hostRange(net).first), netmask: netmaskOf(net.prefix) };
}

export async function insertNetwork(db: Transaction<Database>, n: NewNetwork): Promise<NetworkRow> {
  for (const dns of [n.dns1, n.dns2]) {
    if (dns !== undefined && parseIp(dns) === undefined) throw errors.paramError(`Invalid DNS server ${dns}: not an IPv4 address`);
  }
  const row: NetworkRow = {
    id: crypto.randomUUID(),
    name: n.name,
    display_text: n.displayText,
    zone_id: n.zoneId,
    network_offering_id: n.offeringId,
    account_id: n.accountId,
    domain_id: n.domainId,
    guest_type: 'Isolated',
    state: 'Allocated',
    ...addressing(n),
    network_domain: n.networkDomain ?? null,
    dns1: n.dns1 ?? null,
    dns2: n.dns2 ?? null,
    display_network: n.displayNetwork === false ? 0 : 1,
    allocation_seq: 0,
    default_key: n.defaultKey ?? null,
    created: new Date().toISOString(),
  };
  const inserted = await db.insertInto('network').values(row).onConflict((oc) => oc.column('default_key').doNothing()).executeTakeFirst();
  // A racing deploy that already made the account's default network counted it.
  if (Number(inserted.numInsertedOrUpdatedRows) === 1) {
    await reserveResources(db, n.accountId, { network: 1 });
  }
  return row;
}

export async function findNetwork(db: Db, id: string): Promise<NetworkRow & { domain_path: string }> {
  const row = await db
    .selectFrom('network')
    .innerJoin('domain', 'domain.id', 'network.domain_id')
    .selectAll('network')
    .select('domain.path as domain_path')
    .where('network.id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound('network', id);
  return row;
}

/**
 * Response objects for network rows, with owner, zone and offering names in a few queries for the whole page. Root
 * admins also see an implemented network's `broadcasturi` and `vlan`, as CloudStack shows them to them only.
 */
export async function networkResponses(db: Db, rows: NetworkRow[], o: { rootAdmin?: boolean } = {}): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const uris = o.rootAdmin ? await broadcastUris(db, rows.map((r) => r.id)) : new Map<string, string>();
  const accountIds = [...new Set(rows.map((r) => r.account_id))];
  const owners = await db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'domain.name as domain_name', 'domain.path'])
    .where('account.id', 'in', accountIds)
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.id, o]));
  const zones = await zoneNames(db, [...new Set(rows.map((r) => r.zone_id))]);
  const tags = await tagsOf(db, 'Network', rows.map((r) => r.id));
  const offerings = new Map<string, Awaited<ReturnType<typeof findNetworkOffering>>>();
  for (const id of new Set(rows.map((r) => r.network_offering_id))) {
    // An offering deleted since leaves its names out rather than failing the whole list.
    const offering = await findNetworkOffering(db, id).catch(() => undefined);
    if (offering) offerings.set(id, offering);
  }
  return rows.map((r) => {
    const owner = ownerOf.get(r.account_id);
    const offering = offerings.get(r.network_offering_id);
    return {
      id: r.id,
      name: r.name,
      displaytext: r.display_text,
      zoneid: r.zone_id,
      zonename: zones.get(r.zone_id),
      networkofferingid: r.network_offering_id,
      networkofferingname: offering?.name,
      networkofferingdisplaytext: offering?.display_text,
      networkofferingavailability: offering?.availability,
      networkofferingconservemode: offering ? offering.conserve_mode === 1 : undefined,
      type: r.guest_type,
      traffictype: 'Guest',
      state: r.state,
      cidr: r.cidr,
      gateway: r.gateway,
      netmask: r.netmask,
      networkdomain: r.network_domain,
      dns1: r.dns1,
      dns2: r.dns2,
      broadcastdomaintype: 'Vlan',
      broadcasturi: uris.get(r.id),
      vlan: uris.get(r.id)?.replace(/^\w+:\/\//, ''),
      acltype: 'Account',
      account: owner?.name,
      domainid: r.domain_id,
      domain: owner?.domain_name,
      domainpath: owner ? displayPath(owner.path) : undefined,
      isdefault: false,
      issystem: false,
      ispersistent: false,
      canusefordeploy: true,
      specifyipranges: false,
      restartrequired: false,
      redundantrouter: false,
      displaynetwork: r.display_network === 1,
      hasannotations: false,
      tags: tags.get(r.id) ?? [],
      created: formatDate(r.created),
    };
  });
}
