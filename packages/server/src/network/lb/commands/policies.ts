import { defineCommand, list, object, success, type CommandContext, type CommandDecl, type MapEntry } from '../../../kernel/command.ts';
import { ApiError, ErrorCode, errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { assertAccess } from '../../../identity/scope.ts';
import { findNetwork } from '../../networks.ts';
import { changeRules } from '../../rules/apply.ts';
import { healthCheck, stickinessMethod, stickinessParams } from '../policies.ts';
import { healthCheckResponse, stickinessResponse } from '../responses.ts';
import { findLbForAction, type LbRow, type PolicyRow } from '../store.ts';

type Kind = 'Stickiness' | 'HealthCheck';
const named: Record<Kind, string> = { Stickiness: 'stickiness policy', HealthCheck: 'health check policy' };
const listKey: Record<Kind, string> = { Stickiness: 'stickinesspolicies', HealthCheck: 'healthcheckpolicies' };

function respond(ctx: CommandContext, kind: Kind, rule: LbRow, policies: PolicyRow[]) {
  return kind === 'Stickiness' ? stickinessResponse(ctx.db, rule, policies) : healthCheckResponse(ctx.db, rule, policies);
}

/** Adds the one policy of its kind a rule may have (537 for a second), applied with the rule set. */
async function addPolicy(ctx: CommandContext, rule: LbRow, policy: PolicyRow) {
  ctx.event = { ...ctx.event, resourceType: 'LoadBalancerRule', resourceId: rule.id, description: `${named[policy.kind as Kind]} on load balancer ${rule.name}` };
  await changeRules(ctx.db, await findNetwork(ctx.db, rule.network_id), {
    async record(trx) {
      const other = await trx.selectFrom('load_balancer_policy').select('id').where('rule_id', '=', rule.id).where('kind', '=', policy.kind).executeTakeFirst();
      if (other) throw new ApiError(ErrorCode.NetworkRuleConflictError, `Load balancer rule ${rule.name} has a ${named[policy.kind as Kind]} already (${other.id}): delete it first`, [other.id]);
      await trx.insertInto('load_balancer_policy').values(policy).execute();
    },
    async commit(trx) {
      await trx.updateTable('load_balancer_policy').set({ state: 'Active' }).where('id', '=', policy.id).execute();
    },
    async rollback(trx) {
      await trx.deleteFrom('load_balancer_policy').where('id', '=', policy.id).execute();
    },
  });
  const row = await ctx.db.selectFrom('load_balancer_policy').selectAll().where('id', '=', policy.id).executeTakeFirstOrThrow();
  return object(await respond(ctx, policy.kind as Kind, rule, [row]));
}

const blank = { name: null, description: null, method: null, params: null, ping_path: null, response_timeout: null, interval_time: null, healthy_threshold: null, unhealthy_threshold: null };

export const createLBStickinessPolicy = defineCommand({
  name: 'createLBStickinessPolicy',
  description: 'Keeps a client on one VM of a load balancer rule: LbCookie, AppCookie or SourceBased',
  access: access.all,
  async: true,
  event: 'LB.STICKINESSPOLICY.CREATE',
  jobInstance: { type: 'LoadBalancerRule', allocate: true },
  params: {
    lbruleid: { type: 'uuid', entity: 'LoadBalancerRule', required: true, description: 'The ID of the load balancer rule' },
    name: { type: 'string', required: true, description: 'The name of the policy' },
    methodname: { type: 'string', required: true, description: 'LbCookie, AppCookie or SourceBased' },
    description: { type: 'string', description: 'The description of the policy' },
    param: { type: 'map', description: 'The method\'s parameters: param[0].name=cookie-name&param[0].value=...' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every policy is shown' },
  },
  response: { type: 'object', name: 'stickinesspolicies' },
  async handler(ctx, p) {
    const rule = await findLbForAction(ctx, p.lbruleid as string);
    const method = stickinessMethod(p.methodname as string);
    const params = stickinessParams(method, p.param as MapEntry[] | undefined);
    const name = String(p.name).trim();
    if (name === '') throw errors.paramError('Invalid name: it is empty');
    return addPolicy(ctx, rule, {
      ...blank,
      id: ctx.job?.instanceId ?? crypto.randomUUID(),
      rule_id: rule.id,
      kind: 'Stickiness',
      name,
      description: (p.description as string | undefined) ?? null,
      method,
      params: JSON.stringify(params),
      state: 'Add',
      created: new Date().toISOString(),
    });
  },
});

export const createLBHealthCheckPolicy = defineCommand({
  name: 'createLBHealthCheckPolicy',
  description: 'Checks the VMs of a load balancer rule with an HTTP GET and takes failing ones out',
  access: access.all,
  async: true,
  event: 'LB.HEALTHCHECKPOLICY.CREATE',
  jobInstance: { type: 'LoadBalancerRule', allocate: true },
  params: {
    lbruleid: { type: 'uuid', entity: 'LoadBalancerRule', required: true, description: 'The ID of the load balancer rule' },
    pingpath: { type: 'string', description: 'The HTTP path checked (/ by default)' },
    responsetimeout: { type: 'integer', description: 'Seconds to wait for an answer, 2-60 (2 by default)' },
    intervaltime: { type: 'integer', description: 'Seconds between checks, more than responsetimeout (5 by default)' },
    healthythreshold: { type: 'integer', description: 'Successes in a row that bring a VM back (2 by default)' },
    unhealthythreshold: { type: 'integer', description: 'Failures in a row that take a VM out (10 by default)' },
    description: { type: 'string', description: 'The description of the policy' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every policy is shown' },
  },
  response: { type: 'object', name: 'healthcheckpolicies' },
  async handler(ctx, p) {
    const rule = await findLbForAction(ctx, p.lbruleid as string);
    const check = healthCheck(p as Parameters<typeof healthCheck>[0]);
    return addPolicy(ctx, rule, {
      ...blank,
      id: ctx.job?.instanceId ?? crypto.randomUUID(),
      rule_id: rule.id,
      kind: 'HealthCheck',
      description: (p.description as string | undefined) ?? null,
      ping_path: check.pingPath,
      response_timeout: check.responseTimeoutSeconds,
      interval_time: check.intervalSeconds,
      healthy_threshold: check.healthyThreshold,
      unhealthy_threshold: check.unhealthyThreshold,
      state: 'Add',
      created: new Date().toISOString(),
    });
  },
});

/** A policy of this kind the caller may act on, with its rule. */
async function findPolicy(ctx: CommandContext, kind: Kind, id: string) {
  const policy = await ctx.db.selectFrom('load_balancer_policy').selectAll().where('id', '=', id).where('kind', '=', kind).where('state', '!=', 'Revoke').executeTakeFirst();
  if (!policy) throw errors.notFound(named[kind], id);
  const rule = await ctx.db
    .selectFrom('load_balancer_rule')
    .innerJoin('domain', 'domain.id', 'load_balancer_rule.domain_id')
    .selectAll('load_balancer_rule')
    .select('domain.path')
    .where('load_balancer_rule.id', '=', policy.rule_id)
    .executeTakeFirstOrThrow();
  assertAccess(ctx.caller, { accountId: rule.account_id, domainPath: rule.path }, named[kind]);
  return { policy, rule };
}

function deletePolicy(kind: Kind, name: string, event: string): CommandDecl {
  return defineCommand({
    name,
    description: `Deletes a load balancer ${named[kind]}`,
    access: access.all,
    async: true,
    event,
    jobInstance: { type: 'LoadBalancerRule', idParam: 'id' },
    params: { id: { type: 'uuid', entity: 'LoadBalancerPolicy', required: true, description: `The ID of the ${named[kind]}` } },
    response: { type: 'success' },
    async handler(ctx, p) {
      const { policy, rule } = await findPolicy(ctx, kind, p.id as string);
      ctx.event = { ...ctx.event, resourceType: 'LoadBalancerRule', resourceId: rule.id, description: `deleted ${named[kind]} of load balancer ${rule.name}` };
      await changeRules(ctx.db, await findNetwork(ctx.db, rule.network_id), {
        async record(trx) {
          const r = await trx.updateTable('load_balancer_policy').set({ state: 'Revoke' }).where('id', '=', policy.id).where('state', '!=', 'Revoke').executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) throw errors.notFound(named[kind], policy.id);
        },
        async commit(trx) {
          await trx.deleteFrom('load_balancer_policy').where('id', '=', policy.id).execute();
        },
        async rollback(trx) {
          await trx.updateTable('load_balancer_policy').set({ state: policy.state }).where('id', '=', policy.id).execute();
        },
      });
      return success();
    },
  });
}

/** One item per rule, its policies nested, as CloudStack lists them (by `lbruleid`, or by a policy's `id`). */
function listPolicies(kind: Kind, name: string): CommandDecl {
  return defineCommand({
    name,
    description: `Lists the ${named[kind]} of a load balancer rule`,
    access: access.all,
    params: {
      lbruleid: { type: 'uuid', description: 'The ID of the load balancer rule' },
      id: { type: 'uuid', description: `The ID of a ${named[kind]}` },
      keyword: { type: 'string', description: 'Accepted for compatibility: a rule has one policy of each kind' },
      page: { type: 'integer', description: 'Accepted for compatibility: the answer is one rule' },
      pagesize: { type: 'integer', description: 'Accepted for compatibility: the answer is one rule' },
      fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every policy is shown' },
    },
    response: { type: 'list', listKey: listKey[kind] },
    async handler(ctx, p) {
      if (!p.lbruleid && !p.id) throw errors.paramError('Give lbruleid or id');
      let ruleId = p.lbruleid as string | undefined;
      if (p.id) {
        const { policy } = await findPolicy(ctx, kind, p.id as string);
        if (ruleId && ruleId !== policy.rule_id) return list(0, []);
        ruleId = policy.rule_id;
      }
      const rule = await findLbForAction(ctx, ruleId as string);
      let q = ctx.db.selectFrom('load_balancer_policy').selectAll().where('rule_id', '=', rule.id).where('kind', '=', kind).where('state', '!=', 'Revoke');
      if (p.id) q = q.where('id', '=', p.id as string);
      return list(1, [await respond(ctx, kind, rule, await q.execute())]);
    },
  });
}

export const policyCommands: CommandDecl[] = [
  createLBStickinessPolicy,
  deletePolicy('Stickiness', 'deleteLBStickinessPolicy', 'LB.STICKINESSPOLICY.DELETE'),
  listPolicies('Stickiness', 'listLBStickinessPolicies'),
  createLBHealthCheckPolicy,
  deletePolicy('HealthCheck', 'deleteLBHealthCheckPolicy', 'LB.HEALTHCHECKPOLICY.DELETE'),
  listPolicies('HealthCheck', 'listLBHealthCheckPolicies'),
];
