import { containsText } from '../../../db/text.ts';
import { defineCommand, list, object, success, type CommandContext, type Params } from '../../../kernel/command.ts';
import { ApiError, ErrorCode, errors } from '../../../kernel/errors.ts';
import { listParams, paging, scopeParams } from '../../../kernel/paging.ts';
import { access } from '../../../kernel/roles.ts';
import { listScope, scopeCondition } from '../../../identity/scope.ts';
import { tagFilter } from '../../../operations/index.ts';
import { findNetwork } from '../../networks.ts';
import { findIpForAction, networkOfIp, type OwnedIp } from '../../rules/addresses.ts';
import { changeRules } from '../../rules/apply.ts';
import { cidrList, portRange } from '../../rules/ports.ts';
import { newRule, openingNeeded } from '../../rules/rules.ts';
import { lbResponses } from '../responses.ts';
import { assertLbPortFree, deleteLbs, findLbForAction, restoreLbs, revokeLbs, type LbRow } from '../store.ts';

const algorithms = ['roundrobin', 'leastconn', 'source'];
const protocols = ['tcp', 'tcp-proxy'];

/** CloudStack's virtual router algorithms, any case. */
function algorithm(value: unknown): string {
  const a = String(value).toLowerCase();
  if (!algorithms.includes(a)) throw errors.paramError(`Invalid algorithm ${String(value)}: the virtual router balances with ${algorithms.join(', ')}`);
  return a;
}

/** tcp (the default) or tcp-proxy; udp is refused because the router balances with haproxy, which has no udp. */
function lbProtocol(value: unknown): string {
  const p = String(value ?? 'tcp').toLowerCase();
  if (p === 'udp') throw errors.paramError('Invalid protocol udp: the virtual router balances with haproxy, which carries tcp only (use tcp or tcp-proxy, or a udp port forward)');
  if (!protocols.includes(p)) throw errors.paramError(`Invalid protocol ${String(value)}: expected one of ${protocols.join(', ')}`);
  return p;
}

const sources = (value: unknown) => (value === undefined ? null : cidrList(value).join(','));

async function answer(ctx: CommandContext, id: string) {
  const rows = await ctx.db.selectFrom('load_balancer_rule').selectAll().where('id', '=', id).execute();
  const [response] = await lbResponses(ctx.db, rows);
  return object(response);
}

/** `account`/`domainid` on a create name the owner, who must be the address's (the rule is the address's owner's). */
async function assertOwner(ctx: CommandContext, p: Params, ip: OwnedIp): Promise<void> {
  if (p.account === undefined && p.domainid === undefined) return;
  if (p.domainid !== undefined && p.domainid !== ip.domainId) throw errors.paramError(`Public IP address ${ip.address} does not belong to domain ${p.domainid as string}`);
  if (p.account === undefined) return;
  const owner = await ctx.db.selectFrom('account').select('name').where('id', '=', ip.accountId).executeTakeFirst();
  if (owner?.name !== p.account) throw errors.paramError(`Public IP address ${ip.address} does not belong to account ${p.account as string}`);
}

export const createLoadBalancerRule = defineCommand({
  name: 'createLoadBalancerRule',
  description: 'Balances a public port of a public IP address over VMs of its network (assigned with assignToLoadBalancerRule)',
  access: access.all,
  async: true,
  event: 'LB.CREATE',
  jobInstance: { type: 'LoadBalancerRule', allocate: true },
  params: {
    name: { type: 'string', required: true, description: 'The name of the rule' },
    description: { type: 'string', length: 4096, description: 'The description of the rule' },
    algorithm: { type: 'string', required: true, description: 'roundrobin, leastconn or source' },
    publicipid: { type: 'uuid', entity: 'IpAddress', description: 'The public IP address (required: rules live on an address of an isolated network)' },
    publicport: { type: 'integer', required: true, description: 'The public port balanced' },
    privateport: { type: 'integer', required: true, description: 'The port of the VMs traffic goes to' },
    protocol: { type: 'string', description: 'tcp (default) or tcp-proxy (the VMs get a PROXY protocol header naming the client)' },
    networkid: { type: 'uuid', entity: 'Network', description: 'The network of the VMs: the address\'s own network' },
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone of the address' },
    openfirewall: { type: 'boolean', description: 'Also open the public port in the firewall (default true, as CloudStack outside VPCs)' },
    cidrlist: { type: 'list', of: 'string', description: 'Source CIDRs the rule admits (any by default)' },
    account: { type: 'string', description: 'The owner: must be the address\'s account' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'The owner\'s domain: must be the address\'s' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every rule is shown' },
  },
  response: { type: 'object', name: 'loadbalancer' },
  async handler(ctx, p) {
    if (!p.publicipid) throw errors.paramError('publicipid is required: a load balancer rule lives on a public IP address of an isolated network');
    const ip = await findIpForAction(ctx, p.publicipid as string);
    await assertOwner(ctx, p, ip);
    const network = await networkOfIp(ctx.db, ip);
    if (network.guest_type !== 'Isolated') throw errors.paramError(`Network ${network.name} is ${network.guest_type}: load balancer rules are for isolated networks`);
    if (p.networkid && p.networkid !== network.id) throw errors.paramError(`Public IP address ${ip.address} is associated with network ${network.name}, not ${p.networkid as string}`);
    if (p.zoneid && p.zoneid !== ip.zoneId) throw errors.paramError(`Public IP address ${ip.address} is in zone ${ip.zoneId}, not ${p.zoneid as string}`);
    const name = String(p.name).trim();
    if (name === '') throw errors.paramError('Invalid name: it is empty');
    const [publicPort] = portRange(p.publicport, undefined, 'public');
    const [privatePort] = portRange(p.privateport, undefined, 'private');
    const rule: LbRow = {
      id: ctx.job?.instanceId ?? crypto.randomUUID(),
      name,
      description: (p.description as string | undefined) ?? null,
      network_id: network.id,
      ip_id: ip.id,
      account_id: ip.accountId,
      domain_id: ip.domainId,
      public_port: publicPort,
      private_port: privatePort,
      algorithm: algorithm(p.algorithm),
      protocol: lbProtocol(p.protocol),
      cidr_list: sources(p.cidrlist),
      state: 'Add',
      created: new Date().toISOString(),
    };
    const opening = rule.cidr_list ?? '0.0.0.0/0';
    const firewall = newRule({
      purpose: 'Firewall',
      network_id: network.id,
      ip_id: ip.id,
      account_id: ip.accountId,
      domain_id: ip.domainId,
      protocol: 'tcp',
      start_port: publicPort,
      end_port: publicPort,
      private_port: null,
      private_end_port: null,
      vm_id: null,
      vm_ip: null,
      cidr_list: opening,
      dest_cidr_list: null,
      icmp_type: null,
      icmp_code: null,
      related_id: rule.id,
    });
    ctx.event = { ...ctx.event, resourceType: 'LoadBalancerRule', resourceId: rule.id, description: `load balancer ${name} on ${ip.address}:${publicPort}` };
    await changeRules(ctx.db, network, {
      async record(trx) {
        const nat = await trx.selectFrom('network_ip').select('static_nat_vm_id').where('id', '=', ip.id).executeTakeFirst();
        if (nat?.static_nat_vm_id) throw new ApiError(ErrorCode.NetworkRuleConflictError, `Public IP address ${ip.address} has static NAT: it forwards every port already`, [ip.id]);
        await assertLbPortFree(trx, ip.id, publicPort, rule.id);
        await trx.insertInto('load_balancer_rule').values(rule).execute();
        if (p.openfirewall !== false && (await openingNeeded(trx, firewall))) await trx.insertInto('network_rule').values(firewall).execute();
      },
      async commit(trx) {
        await trx.updateTable('load_balancer_rule').set({ state: 'Active' }).where('id', '=', rule.id).execute();
        await trx.updateTable('network_rule').set({ state: 'Active' }).where('related_id', '=', rule.id).execute();
      },
      async rollback(trx) {
        await trx.deleteFrom('network_rule').where('related_id', '=', rule.id).execute();
        await trx.deleteFrom('load_balancer_rule').where('id', '=', rule.id).execute();
      },
    });
    return answer(ctx, rule.id);
  },
});

export const updateLoadBalancerRule = defineCommand({
  name: 'updateLoadBalancerRule',
  description: 'Changes the name, description, algorithm, protocol or source CIDRs of a load balancer rule',
  access: access.all,
  async: true,
  event: 'LB.UPDATE',
  jobInstance: { type: 'LoadBalancerRule', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'LoadBalancerRule', required: true, description: 'The ID of the rule' },
    name: { type: 'string', description: 'The new name' },
    description: { type: 'string', length: 4096, description: 'The new description' },
    algorithm: { type: 'string', description: 'roundrobin, leastconn or source' },
    protocol: { type: 'string', description: 'tcp or tcp-proxy' },
    cidrlist: { type: 'list', of: 'string', description: 'The source CIDRs the rule admits' },
    customid: { type: 'string', description: 'Accepted for compatibility: rule ids are not changed' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every rule is shown' },
  },
  response: { type: 'object', name: 'loadbalancer' },
  async handler(ctx, p) {
    const rule = await findLbForAction(ctx, p.id as string);
    const name = p.name === undefined ? undefined : String(p.name).trim();
    if (name === '') throw errors.paramError('Invalid name: it is empty');
    const change: Partial<LbRow> = {
      name,
      description: p.description as string | undefined,
      algorithm: p.algorithm === undefined ? undefined : algorithm(p.algorithm),
      protocol: p.protocol === undefined ? undefined : lbProtocol(p.protocol),
      cidr_list: p.cidrlist === undefined ? undefined : sources(p.cidrlist),
    };
    const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<LbRow>;
    ctx.event = { ...ctx.event, resourceType: 'LoadBalancerRule', resourceId: rule.id, description: `updated load balancer ${rule.name}` };
    if (Object.keys(set).length > 0) {
      await changeRules(ctx.db, await findNetwork(ctx.db, rule.network_id), {
        async record(trx) {
          const was = await trx.selectFrom('load_balancer_rule').selectAll().where('id', '=', rule.id).where('state', '!=', 'Revoke').executeTakeFirst();
          if (!was) throw errors.notFound('load balancer rule', rule.id);
          await trx.updateTable('load_balancer_rule').set(set).where('id', '=', rule.id).execute();
          return was;
        },
        async commit() {},
        async rollback(trx, was) {
          await trx.updateTable('load_balancer_rule').set(was).where('id', '=', rule.id).execute();
        },
      });
    }
    return answer(ctx, rule.id);
  },
});

export const deleteLoadBalancerRule = defineCommand({
  name: 'deleteLoadBalancerRule',
  description: 'Deletes a load balancer rule with its policies and the firewall rule opened for it',
  access: access.all,
  async: true,
  event: 'LB.DELETE',
  jobInstance: { type: 'LoadBalancerRule', idParam: 'id' },
  params: { id: { type: 'uuid', entity: 'LoadBalancerRule', required: true, description: 'The ID of the rule' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const rule = await findLbForAction(ctx, p.id as string);
    ctx.event = { ...ctx.event, resourceType: 'LoadBalancerRule', resourceId: rule.id, description: `deleted load balancer ${rule.name}` };
    await changeRules(ctx.db, await findNetwork(ctx.db, rule.network_id), {
      async record(trx) {
        const live = await trx.selectFrom('load_balancer_rule').select('id').where('id', '=', rule.id).where('state', '!=', 'Revoke').executeTakeFirst();
        if (!live) throw errors.notFound('load balancer rule', rule.id);
        return revokeLbs(trx, [rule.id]);
      },
      commit: (trx) => deleteLbs(trx, [rule.id]),
      rollback: restoreLbs,
    });
    return success();
  },
});

export const listLoadBalancerRules = defineCommand({
  name: 'listLoadBalancerRules',
  description: 'Lists load balancer rules',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'List the rule with this ID' },
    name: { type: 'string', description: 'List rules of this name' },
    publicipid: { type: 'uuid', description: 'List the rules of this public IP address' },
    networkid: { type: 'uuid', description: 'List the rules of this guest network' },
    virtualmachineid: { type: 'uuid', description: 'List the rules this VM is assigned to' },
    zoneid: { type: 'uuid', description: 'List the rules of this zone' },
    tags: { type: 'map', description: 'List rules with these tags (tags[0].key=...&tags[0].value=...)' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every rule is shown' },
  },
  response: { type: 'list', listKey: 'loadbalancerrule' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db
      .selectFrom('load_balancer_rule')
      .where('load_balancer_rule.state', '!=', 'Revoke')
      .where(scopeCondition(scope, { account: 'load_balancer_rule.account_id', domain: 'load_balancer_rule.domain_id' }));
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.publicipid) q = q.where('ip_id', '=', p.publicipid as string);
    if (p.networkid) q = q.where('network_id', '=', p.networkid as string);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    if (p.tags) q = q.where(tagFilter('LoadBalancer', 'load_balancer_rule.id', p.tags));
    if (p.zoneid) q = q.where('ip_id', 'in', (eb) => eb.selectFrom('public_ip').select('id').where('zone_id', '=', p.zoneid as string));
    if (p.virtualmachineid) {
      q = q.where('id', 'in', (eb) => eb.selectFrom('load_balancer_vm').select('rule_id').where('vm_id', '=', p.virtualmachineid as string).where('state', '!=', 'Revoke'));
    }
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('created').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count.count), await lbResponses(ctx.db, rows));
  },
});
