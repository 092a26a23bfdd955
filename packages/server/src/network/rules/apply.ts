import type { Kysely, Transaction } from 'kysely';
import { keyedQueue, type CommandOfKind, type FirewallSpec } from '@nimbus/protocol';
import type { Database } from '../../db/schema.ts';
import { errors } from '../../kernel/errors.ts';
import { agents } from '../../agents/index.ts';
import { loadBalancerSpecs } from '../lb/store.ts';

type Db = Kysely<Database>;
type RuleRow = Database['network_rule'];

/**
 * The host that runs a network's router: where it was set up (`network_router`) while that host is Up; otherwise
 * `preferred` (the host a VM of the network is starting on: the router moves there, as CloudStack restarts a router
 * whose host died), else the host of the network's first VM, or any Up host of the zone.
 */
export async function routerHost(db: Db, network: { id: string; zone_id: string; name: string }, preferred?: string): Promise<string> {
  const placed = await db.selectFrom('network_router').select('host_id').where('network_id', '=', network.id).executeTakeFirst();
  if (placed && (agents().stateOf(placed.host_id) ?? 'Up') === 'Up') return placed.host_id;
  if (preferred) return preferred;
  if (placed) return placed.host_id;
  const first = await db
    .selectFrom('nic')
    .innerJoin('vm_instance', 'vm_instance.id', 'nic.vm_id')
    .select(['vm_instance.host_id', 'vm_instance.last_host_id'])
    .where('nic.network_id', '=', network.id)
    .orderBy('nic.created')
    .orderBy('nic.id')
    .limit(1)
    .executeTakeFirst();
  const host = first?.host_id ?? first?.last_host_id;
  if (host) return host;
  const hosts = await db.selectFrom('host').select('id').where('zone_id', '=', network.zone_id).where('state', '=', 'Up').orderBy('created').orderBy('id').execute();
  const up = hosts.find((h) => agents().stateOf(h.id) === 'Up');
  if (!up) throw errors.unavailable(`No host of zone ${network.zone_id} is Up to run the router of network ${network.name}`, [network.id]);
  return up.id;
}

const ports = (from: number | null, to: number | null): [number, number] | undefined => (from === null ? undefined : [from, to ?? from]);
const split = (list: string | null) => (list ? list.split(',') : []);

function firewallSpec(r: RuleRow, address?: string): FirewallSpec {
  return {
    id: r.id,
    publicIp: address,
    protocol: r.protocol as FirewallSpec['protocol'],
    ports: ports(r.start_port, r.end_port),
    sourceCidrs: split(r.cidr_list),
    destCidrs: r.dest_cidr_list ? split(r.dest_cidr_list) : undefined,
    icmpType: r.icmp_type ?? undefined,
    icmpCode: r.icmp_code ?? undefined,
  };
}

/**
 * The network's whole rule set as its router should hold it: every address and rule not being revoked, and every
 * load balancer with all its assigned VMs, running or not (the router's health checks judge them).
 */
export async function ruleSet(db: Db, networkId: string): Promise<CommandOfKind<'ApplyNetworkRules'>> {
  const [ips, rules, network] = await Promise.all([
    db
      .selectFrom('network_ip')
      .innerJoin('public_ip', 'public_ip.id', 'network_ip.id')
      .innerJoin('vlan_ip_range', 'vlan_ip_range.id', 'public_ip.vlan_id')
      .select(['network_ip.id', 'public_ip.address', 'network_ip.is_source_nat', 'network_ip.static_nat_vm_ip', 'vlan_ip_range.gateway', 'vlan_ip_range.netmask'])
      .where('network_ip.network_id', '=', networkId)
      .orderBy('public_ip.address_num')
      .execute(),
    db.selectFrom('network_rule').selectAll().where('network_id', '=', networkId).where('state', '!=', 'Revoke').orderBy('created').orderBy('id').execute(),
    db
      .selectFrom('network')
      .innerJoin('network_offering', 'network_offering.id', 'network.network_offering_id')
      .select(['network.cidr', 'network_offering.egress_default_policy'])
      .where('network.id', '=', networkId)
      .executeTakeFirst(),
  ]);
  const addressOf = new Map(ips.map((i) => [i.id, i.address]));
  const withIp = (r: RuleRow) => (r.ip_id ? addressOf.get(r.ip_id) : undefined);
  const loadBalancers = await loadBalancerSpecs(db, networkId, addressOf);
  return {
    kind: 'ApplyNetworkRules',
    networkId,
    publicIps: ips.map((i) => ({ id: i.id, ip: i.address, sourceNat: i.is_source_nat === 1, staticNatTo: i.static_nat_vm_ip ?? undefined, gateway: i.gateway, netmask: i.netmask })),
    staticNats: ips.filter((i) => i.static_nat_vm_ip).map((i) => ({ publicIp: i.address, guestIp: i.static_nat_vm_ip as string })),
    portForwards: rules
      .filter((r) => r.purpose === 'PortForwarding' && withIp(r))
      .map((r) => ({
        id: r.id,
        publicIp: withIp(r) as string,
        protocol: r.protocol as 'tcp' | 'udp',
        publicPorts: ports(r.start_port, r.end_port) as [number, number],
        guestIp: r.vm_ip as string,
        privatePorts: ports(r.private_port, r.private_end_port) as [number, number],
      })),
    firewall: rules.filter((r) => r.purpose === 'Firewall' && withIp(r)).map((r) => firewallSpec(r, withIp(r))),
    egress: rules.filter((r) => r.purpose === 'Egress').map((r) => firewallSpec(r)),
    loadBalancers,
    guestCidr: network?.cidr,
    egressDefaultAllow: network ? network.egress_default_policy === 1 : undefined,
  };
}

/**
 * One change at a time per network in this server, so that a conflict check and the rule set sent stay true (and an
 * implement taking the source NAT address does not race an associateIpAddress making one).
 */
export const ruleWork = keyedQueue();

export interface RuleChange<T> {
  /** Records the change (rules in `Add`, or `Revoke`, ...) and checks conflicts; returns what `commit` needs. */
  record(trx: Transaction<Database>): Promise<T>;
  /** Makes the change final once the router took it. */
  commit(trx: Transaction<Database>, recorded: T): Promise<void>;
  /** Undoes `record` when the router refused the rule set. */
  rollback(trx: Transaction<Database>, recorded: T): Promise<void>;
}

/**
 * A rule change as CloudStack's RouterDriver makes it: recorded, the whole rule set sent to the router's host, then
 * committed, or rolled back with the host's reason (534) when the host refused it or could not be reached.
 */
export function changeRules<T>(db: Db, network: { id: string; zone_id: string; name: string }, change: RuleChange<T>): Promise<T> {
  return ruleWork(network.id, async () => {
    const recorded = await db.transaction().execute((trx) => change.record(trx));
    try {
      const host = await routerHost(db, network);
      await agents().send(host, await ruleSet(db, network.id));
    } catch (e) {
      await db.transaction().execute((trx) => change.rollback(trx, recorded));
      throw e;
    }
    await db.transaction().execute((trx) => change.commit(trx, recorded));
    return recorded;
  });
}

/**
 * Sends networks' rule sets to their routers again after a change made outside a rule command (an expunged VM took
 * its rules along). Best effort: a router that cannot take it now gets the whole set again with the next change.
 */
export async function refreshRules(db: Db, networkIds: string[]): Promise<void> {
  for (const id of networkIds) {
    const network = await db.selectFrom('network').innerJoin('network_router', 'network_router.network_id', 'network.id').select(['network.id', 'network.zone_id', 'network.name']).where('network.id', '=', id).executeTakeFirst();
    if (!network) continue;
    const nothing = async () => undefined;
    await changeRules(db, network, { record: nothing, commit: nothing, rollback: nothing }).catch(() => undefined);
  }
}
