import type { Kysely, Transaction } from 'kysely';
import type { LoadBalancerSpec } from '@nimbus/protocol';
import type { Database } from '../../db/schema.ts';
import type { CommandContext } from '../../kernel/command.ts';
import { ApiError, ErrorCode, errors } from '../../kernel/errors.ts';
import { assertAccess } from '../../identity/scope.ts';
import { deleteTagsOf } from '../../operations/index.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type LbRow = Database['load_balancer_rule'];
export type PolicyRow = Database['load_balancer_policy'];

/** A load balancer rule the caller may act on: 431 when unknown or being removed, 531 when another account's. */
export async function findLbForAction(ctx: CommandContext, id: string): Promise<LbRow> {
  const r = await ctx.db
    .selectFrom('load_balancer_rule')
    .innerJoin('domain', 'domain.id', 'load_balancer_rule.domain_id')
    .selectAll('load_balancer_rule')
    .select('domain.path')
    .where('load_balancer_rule.id', '=', id)
    .where('load_balancer_rule.state', '!=', 'Revoke')
    .executeTakeFirst();
  if (!r) throw errors.notFound('load balancer rule', id);
  assertAccess(ctx.caller, { accountId: r.account_id, domainPath: r.path }, 'load balancer rule');
  const { path: _path, ...rule } = r;
  return rule;
}

const conflict = (text: string, ids: string[]) => new ApiError(ErrorCode.NetworkRuleConflictError, text, ids);

/**
 * Refuses (537) a load balancer on a public port another rule of the address already catches: another load
 * balancer on that port, or a tcp port forward whose public range holds it (haproxy and the forward's DNAT cannot
 * share it). Call inside the change's transaction.
 */
export async function assertLbPortFree(trx: Transaction<Database>, ipId: string, port: number, exceptId: string): Promise<void> {
  const lb = await trx
    .selectFrom('load_balancer_rule')
    .select(['id', 'name'])
    .where('ip_id', '=', ipId)
    .where('public_port', '=', port)
    .where('state', '!=', 'Revoke')
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  if (lb) throw conflict(`Public port ${port} of this address is taken by load balancer rule ${lb.name} (${lb.id})`, [lb.id]);
  const pf = await trx
    .selectFrom('network_rule')
    .select(['id', 'start_port', 'end_port'])
    .where('ip_id', '=', ipId)
    .where('purpose', '=', 'PortForwarding')
    .where('protocol', '=', 'tcp')
    .where('state', '!=', 'Revoke')
    .where('start_port', '<=', port)
    .where('end_port', '>=', port)
    .executeTakeFirst();
  if (pf) throw conflict(`Public port ${port} of this address is taken by port forwarding rule ${pf.id} (tcp, ports ${pf.start_port}-${pf.end_port})`, [pf.id]);
}

/**
 * Refuses (537) what cannot share an address with its load balancers: a tcp port forward over one of their ports
 * (`ports` given), or static NAT (no `ports`: every port).
 */
export async function assertNoLbOn(trx: Transaction<Database>, ipId: string, ports?: readonly [number, number]): Promise<void> {
  let q = trx.selectFrom('load_balancer_rule').select(['id', 'name', 'public_port']).where('ip_id', '=', ipId).where('state', '!=', 'Revoke');
  if (ports) q = q.where('public_port', '>=', ports[0]).where('public_port', '<=', ports[1]);
  const lb = await q.executeTakeFirst();
  if (!lb) return;
  const what = ports ? `public port ${lb.public_port}` : 'this address';
  throw conflict(`Load balancer rule ${lb.name} (${lb.id}) uses ${what}: remove it first`, [lb.id]);
}

/** VMs in these states are out of the rules they are assigned to (a recovered VM comes back into them). */
export const departedStates = ['Destroyed', 'Expunging', 'Error'];

/** The network's load balancers as its router should hold them; `addressOf` maps the network's addresses' ids. */
export async function loadBalancerSpecs(db: Db, networkId: string, addressOf: Map<string, string>): Promise<LoadBalancerSpec[]> {
  const rules = await db.selectFrom('load_balancer_rule').selectAll().where('network_id', '=', networkId).where('state', '!=', 'Revoke').orderBy('created').orderBy('id').execute();
  const ids = rules.map((r) => r.id);
  if (ids.length === 0) return [];
  const [members, policies] = await Promise.all([
    // A member whose NIC is gone (its VM expunged) is no address of the network any more.
    db
      .selectFrom('load_balancer_vm')
      .innerJoin('nic', (j) => j.onRef('nic.vm_id', '=', 'load_balancer_vm.vm_id').onRef('nic.ip_address', '=', 'load_balancer_vm.vm_ip'))
      .innerJoin('vm_instance', 'vm_instance.id', 'load_balancer_vm.vm_id')
      .select(['load_balancer_vm.rule_id', 'load_balancer_vm.vm_id', 'load_balancer_vm.vm_ip'])
      .where('load_balancer_vm.rule_id', 'in', ids)
      .where('nic.network_id', '=', networkId)
      .where('vm_instance.state', 'not in', departedStates)
      .where('load_balancer_vm.state', '!=', 'Revoke')
      .orderBy('load_balancer_vm.created')
      .orderBy('load_balancer_vm.vm_ip')
      .execute(),
    db.selectFrom('load_balancer_policy').selectAll().where('rule_id', 'in', ids).where('state', '!=', 'Revoke').execute(),
  ]);
  return rules
    .filter((r) => addressOf.has(r.ip_id))
    .map((r) => {
      const stickiness = policies.find((p) => p.rule_id === r.id && p.kind === 'Stickiness');
      const check = policies.find((p) => p.rule_id === r.id && p.kind === 'HealthCheck');
      return {
        id: r.id,
        publicIp: addressOf.get(r.ip_id) as string,
        publicPort: r.public_port,
        privatePort: r.private_port,
        algorithm: r.algorithm as LoadBalancerSpec['algorithm'],
        protocol: r.protocol as LoadBalancerSpec['protocol'],
        sourceCidrs: r.cidr_list ? r.cidr_list.split(',') : [],
        members: members.filter((m) => m.rule_id === r.id).map((m) => ({ vmId: m.vm_id, ip: m.vm_ip })),
        stickiness: stickiness ? { method: stickiness.method as 'LbCookie', params: JSON.parse(stickiness.params ?? '{}') as Record<string, string> } : undefined,
        healthCheck: check
          ? {
              pingPath: check.ping_path as string,
              responseTimeoutSeconds: check.response_timeout as number,
              intervalSeconds: check.interval_time as number,
              healthyThreshold: check.healthy_threshold as number,
              unhealthyThreshold: check.unhealthy_threshold as number,
            }
          : undefined,
      };
    });
}

/** Marks rules (and the firewall rules opened for them) `Revoke`; returns what `restoreLbs` puts back. */
export async function revokeLbs(trx: Transaction<Database>, ruleIds: string[]) {
  if (ruleIds.length === 0) return { rules: [], firewall: [] };
  const rules = await trx.selectFrom('load_balancer_rule').select(['id', 'state']).where('id', 'in', ruleIds).execute();
  const firewall = await trx.selectFrom('network_rule').select(['id', 'state']).where('related_id', 'in', ruleIds).execute();
  await trx.updateTable('load_balancer_rule').set({ state: 'Revoke' }).where('id', 'in', ruleIds).execute();
  if (firewall.length) await trx.updateTable('network_rule').set({ state: 'Revoke' }).where('id', 'in', firewall.map((f) => f.id)).execute();
  return { rules, firewall };
}

export async function restoreLbs(trx: Transaction<Database>, was: Awaited<ReturnType<typeof revokeLbs>>): Promise<void> {
  for (const r of was.rules) await trx.updateTable('load_balancer_rule').set({ state: r.state }).where('id', '=', r.id).execute();
  for (const f of was.firewall) await trx.updateTable('network_rule').set({ state: f.state }).where('id', '=', f.id).execute();
}

/** Removes rules for good: their members, policies, tags and the firewall rules opened for them. */
export async function deleteLbs(trx: Transaction<Database>, ruleIds: string[]): Promise<void> {
  if (ruleIds.length === 0) return;
  await trx.deleteFrom('network_rule').where('related_id', 'in', ruleIds).execute();
  await trx.deleteFrom('load_balancer_vm').where('rule_id', 'in', ruleIds).execute();
  await trx.deleteFrom('load_balancer_policy').where('rule_id', 'in', ruleIds).execute();
  await trx.deleteFrom('load_balancer_rule').where('id', 'in', ruleIds).execute();
  await deleteTagsOf(trx, 'LoadBalancer', ruleIds);
}

/** The ids of the load balancers on public addresses. */
export async function lbsOnIps(db: Db, ipIds: string[]): Promise<string[]> {
  if (ipIds.length === 0) return [];
  return (await db.selectFrom('load_balancer_rule').select('id').where('ip_id', 'in', ipIds).execute()).map((r) => r.id);
}
