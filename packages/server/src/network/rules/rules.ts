import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ApiError, ErrorCode } from '../../kernel/errors.ts';
import { assertNoLbOn } from '../lb/store.ts';
import { overlaps, protocolsMeet } from './ports.ts';

type Trx = Transaction<Database>;
export type RuleRow = Database['network_rule'];
export type NewRule = Omit<RuleRow, 'id' | 'state' | 'created' | 'related_id'> & { id?: string; related_id?: string | null };

export function newRule(r: NewRule): RuleRow {
  return { related_id: null, ...r, id: r.id ?? crypto.randomUUID(), state: 'Add', created: new Date().toISOString() };
}

const range = (r: Pick<RuleRow, 'start_port' | 'end_port'>): [number, number] => (r.start_port === null ? [1, 65535] : [r.start_port, r.end_port ?? r.start_port]);
const sharedCidr = (a: string, b: string) => a.split(',').some((c) => b.split(',').includes(c));

/**
 * Refuses (537) a rule that catches the same packets as one in place: on one public address, two port forwards of
 * meeting protocols and overlapping public ports, or two firewall rules that also share a source CIDR (egress
 * rules: on one network, sharing a destination too); and a tcp port forward over a load balancer's port. Call inside
 * the change's transaction.
 */
export async function assertNoConflict(trx: Trx, rule: RuleRow): Promise<void> {
  let q = trx.selectFrom('network_rule').selectAll().where('purpose', '=', rule.purpose).where('state', '!=', 'Revoke').where('id', '!=', rule.id);
  q = rule.ip_id ? q.where('ip_id', '=', rule.ip_id) : q.where('network_id', '=', rule.network_id);
  for (const other of await q.execute()) {
    if (!protocolsMeet(rule.protocol, other.protocol) || !overlaps(range(rule), range(other))) continue;
    if (rule.purpose !== 'PortForwarding' && !sharedCidr(rule.cidr_list, other.cidr_list)) continue;
    if (rule.purpose === 'Egress' && !sharedCidr(rule.dest_cidr_list ?? '0.0.0.0/0', other.dest_cidr_list ?? '0.0.0.0/0')) continue;
    if (rule.protocol === 'icmp' && other.protocol === 'icmp' && rule.icmp_type !== other.icmp_type && rule.icmp_type !== -1 && other.icmp_type !== -1) continue;
    const ports = other.start_port === null ? 'all ports' : `ports ${other.start_port}-${other.end_port}`;
    throw new ApiError(ErrorCode.NetworkRuleConflictError, `The ${rule.protocol} rule conflicts with ${other.purpose} rule ${other.id} (${other.protocol}, ${ports})`, [other.id]);
  }
  if (rule.purpose === 'PortForwarding' && rule.ip_id && protocolsMeet(rule.protocol, 'tcp')) await assertNoLbOn(trx, rule.ip_id, range(rule));
}

/**
 * Whether an `openfirewall` opening (`firewall`, a Firewall rule) is needed: not when a firewall rule already admits
 * exactly these ports and sources of the address, which is then left to do the opening.
 */
export async function openingNeeded(trx: Trx, firewall: RuleRow): Promise<boolean> {
  const same = await trx
    .selectFrom('network_rule')
    .select('id')
    .where('ip_id', '=', firewall.ip_id)
    .where('purpose', '=', 'Firewall')
    .where('protocol', '=', firewall.protocol)
    .where('start_port', '=', firewall.start_port)
    .where('end_port', '=', firewall.end_port)
    .where('cidr_list', '=', firewall.cidr_list)
    .where('state', '!=', 'Revoke')
    .executeTakeFirst();
  return !same;
}

/** Marks rules as taken by the router. */
export async function activate(trx: Trx, ids: string[]): Promise<void> {
  if (ids.length) await trx.updateTable('network_rule').set({ state: 'Active' }).where('id', 'in', ids).execute();
}

/** Forgets rules the router refused. */
export async function discard(trx: Trx, ids: string[]): Promise<void> {
  if (ids.length) await trx.deleteFrom('network_rule').where('id', 'in', ids).execute();
}
