import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ResponseObject } from '../../kernel/command.ts';
import { formatDate } from '../../kernel/serialize.ts';
import { displayPath } from '../../identity/responses.ts';
import { zoneNames } from '../../infrastructure/index.ts';
import { vmSummary } from '../../compute/index.ts';
import { tagsOf } from '../../operations/index.ts';
import { ownedIps } from './addresses.ts';

type Db = Kysely<Database>;
type RuleRow = Database['network_rule'];

/** What a public address's response is built from: `ownedIps` with these columns. */
export function ipColumns(db: Db) {
  return ownedIps(db).select([
    'public_ip.id',
    'public_ip.address',
    'public_ip.zone_id',
    'public_ip.vlan_id',
    'public_ip.account_id',
    'public_ip.domain_id',
    'public_ip.network_id',
    'public_ip.allocated',
    'public_ip.address_num',
    'network_ip.is_source_nat',
    'network_ip.static_nat_vm_id',
    'network_ip.static_nat_vm_ip',
  ]);
}
export type IpRow = Awaited<ReturnType<ReturnType<typeof ipColumns>['executeTakeFirstOrThrow']>>;

/** Account and domain names of rule owners, for response fields. */
export async function owners(db: Db, accountIds: string[]) {
  if (accountIds.length === 0) return new Map<string, { name: string; domain: string; path: string }>();
  const rows = await db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'domain.name as domain', 'domain.path'])
    .where('account.id', 'in', [...new Set(accountIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function ownerFields(owner: { name: string; domain: string; path: string } | undefined, domainId: string): ResponseObject {
  return { account: owner?.name, domainid: domainId, domain: owner?.domain, domainpath: owner ? displayPath(owner.path) : undefined };
}

async function networkNames(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('network').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** `publicipaddress` items (and associateIpAddress's `ipaddress`), as CloudStack's IPAddressResponse. */
export async function ipResponses(db: Db, rows: IpRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [who, zones, networks, vms, tags, vlans, ruled] = await Promise.all([
    owners(db, rows.map((r) => r.account_id as string)),
    zoneNames(db, [...new Set(rows.map((r) => r.zone_id))]),
    networkNames(db, rows.flatMap((r) => (r.network_id ? [r.network_id] : []))),
    vmSummary(db, rows.flatMap((r) => (r.static_nat_vm_id ? [r.static_nat_vm_id] : []))),
    tagsOf(db, 'PublicIpAddress', ids),
    db.selectFrom('vlan_ip_range').select(['id', 'vlan', 'physical_network_id']).where('id', 'in', [...new Set(rows.map((r) => r.vlan_id))]).execute(),
    db.selectFrom('network_rule').select('ip_id').distinct().where('ip_id', 'in', ids).execute(),
  ]);
  const vlanOf = new Map(vlans.map((v) => [v.id, v]));
  const withRules = new Set(ruled.map((r) => r.ip_id));
  return rows.map((r) => {
    const vm = r.static_nat_vm_id ? vms.get(r.static_nat_vm_id) : undefined;
    const vlan = vlanOf.get(r.vlan_id);
    return {
      id: r.id,
      ipaddress: r.address,
      allocated: formatDate(r.allocated),
      zoneid: r.zone_id,
      zonename: zones.get(r.zone_id),
      issourcenat: r.is_source_nat === 1,
      isstaticnat: r.static_nat_vm_id !== null && r.static_nat_vm_id !== undefined,
      issystem: false,
      isportable: false,
      ...ownerFields(who.get(r.account_id as string), r.domain_id as string),
      forvirtualnetwork: true,
      forsystemvms: false,
      vlanid: r.vlan_id,
      vlanname: vlan?.vlan,
      physicalnetworkid: vlan?.physical_network_id ?? undefined,
      associatednetworkid: r.network_id ?? undefined,
      associatednetworkname: r.network_id ? networks.get(r.network_id) : undefined,
      virtualmachineid: r.static_nat_vm_id ?? undefined,
      virtualmachinename: vm?.name,
      virtualmachinedisplayname: vm?.displayname,
      virtualmachinetype: vm ? 'UserVm' : undefined,
      vmipaddress: r.static_nat_vm_ip ?? undefined,
      state: 'Allocated',
      hasrules: withRules.has(r.id),
      fordisplay: true,
      tags: tags.get(r.id) ?? [],
    };
  });
}

const cidrs = (list: string | null) => list ?? undefined;
const ruleState = (state: string) => (state === 'Add' ? 'Add' : state === 'Revoke' ? 'Revoke' : 'Active');

/** `portforwardingrule` and `firewallrule` items (egress ones too), as CloudStack's FirewallRuleResponse and friends. */
export async function ruleResponses(db: Db, rows: RuleRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const ipIds = rows.flatMap((r) => (r.ip_id ? [r.ip_id] : []));
  const [addresses, vms] = await Promise.all([
    ipIds.length ? db.selectFrom('public_ip').select(['id', 'address']).where('id', 'in', [...new Set(ipIds)]).execute() : [],
    vmSummary(db, rows.flatMap((r) => (r.vm_id ? [r.vm_id] : []))),
  ]);
  const addressOf = new Map(addresses.map((a) => [a.id, a.address]));
  return rows.map((r) => {
    const common = {
      id: r.id,
      protocol: r.protocol,
      ipaddressid: r.ip_id ?? undefined,
      ipaddress: r.ip_id ? addressOf.get(r.ip_id) : undefined,
      networkid: r.network_id,
      cidrlist: cidrs(r.cidr_list),
      state: ruleState(r.state),
      fordisplay: true,
      tags: [],
    };
    if (r.purpose === 'PortForwarding') {
      const vm = r.vm_id ? vms.get(r.vm_id) : undefined;
      return {
        ...common,
        privateport: String(r.private_port),
        privateendport: String(r.private_end_port),
        publicport: String(r.start_port),
        publicendport: String(r.end_port),
        virtualmachineid: r.vm_id,
        virtualmachinename: vm?.name,
        virtualmachinedisplayname: vm?.displayname,
        vmguestip: r.vm_ip,
      };
    }
    return {
      ...common,
      startport: r.start_port ?? undefined,
      endport: r.end_port ?? undefined,
      icmptype: r.icmp_type ?? undefined,
      icmpcode: r.icmp_code ?? undefined,
      destcidrlist: r.purpose === 'Egress' ? (r.dest_cidr_list ?? '') : undefined,
      traffictype: r.purpose === 'Egress' ? 'Egress' : 'Ingress',
    };
  });
}

/**
 * `ipforwardingrule` items: each static NAT as one rule for every protocol and port. CloudStack answers `startport`
 * and `endport` here (Libcloud reads them), which the SDK's field list lacks.
 */
export async function ipForwardingResponses(db: Db, rows: IpRow[]): Promise<ResponseObject[]> {
  const vms = await vmSummary(db, rows.flatMap((r) => (r.static_nat_vm_id ? [r.static_nat_vm_id] : [])));
  return rows.map((r) => {
    const vm = vms.get(r.static_nat_vm_id as string);
    return {
      id: r.id,
      ipaddressid: r.id,
      ipaddress: r.address,
      protocol: 'all',
      startport: 1,
      endport: 65535,
      virtualmachineid: r.static_nat_vm_id,
      virtualmachinename: vm?.name,
      virtualmachinedisplayname: vm?.displayname,
      vmguestip: r.static_nat_vm_ip,
      networkid: r.network_id ?? undefined,
      state: 'Active',
      fordisplay: true,
      tags: [],
    };
  });
}
