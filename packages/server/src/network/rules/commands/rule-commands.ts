import { containsText } from '../../../db/text.ts';
import { defineCommand, list, success, type CommandDecl } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { listParams, paging, scopeParams } from '../../../kernel/paging.ts';
import { access } from '../../../kernel/roles.ts';
import { assertAccess, listScope, scopeCondition } from '../../../identity/scope.ts';
import { findNetwork } from '../../networks.ts';
import { changeRules } from '../apply.ts';
import { ruleResponses } from '../responses.ts';

type Purpose = 'PortForwarding' | 'Firewall' | 'Egress';
const named: Record<Purpose, string> = { PortForwarding: 'port forwarding rule', Firewall: 'firewall rule', Egress: 'egress firewall rule' };

/** The list command of one kind of rule: scoped by the rules' owners, filtered as CloudStack's. */
export function listRules(name: string, purpose: Purpose, listKey: string): CommandDecl {
  return defineCommand({
    name,
    description: `Lists ${named[purpose]}s`,
    access: access.all,
    params: {
      ...listParams,
      ...scopeParams,
      id: { type: 'uuid', description: 'List the rule with this ID' },
      ipaddressid: { type: 'uuid', description: 'List the rules of this public IP address' },
      networkid: { type: 'uuid', description: 'List the rules of this guest network' },
      fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every rule is shown' },
      tags: { type: 'map', description: 'Accepted for compatibility: rules carry no tags yet' },
    },
    response: { type: 'list', listKey },
    async handler(ctx, p) {
      const scope = await listScope(ctx, p);
      const { limit, offset } = await paging(ctx, p);
      let q = ctx.db
        .selectFrom('network_rule')
        .where('purpose', '=', purpose)
        .where('state', '!=', 'Revoke')
        .where(scopeCondition(scope, { account: 'network_rule.account_id', domain: 'network_rule.domain_id' }));
      if (p.id) q = q.where('id', '=', p.id as string);
      if (p.ipaddressid) q = q.where('ip_id', '=', p.ipaddressid as string);
      if (p.networkid) q = q.where('network_id', '=', p.networkid as string);
      if (p.keyword) q = q.where((eb) => eb.or([containsText('protocol', p.keyword as string), containsText('cidr_list', p.keyword as string)]));
      const [count, rows] = await Promise.all([
        q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
        q.selectAll().orderBy('created').orderBy('id').limit(limit).offset(offset).execute(),
      ]);
      return list(Number(count.count), await ruleResponses(ctx.db, rows));
    },
  });
}

/** The delete command of one kind of rule: revoked, applied, then gone (with the firewall rule opened for a port forward). */
export function deleteRule(name: string, purpose: Purpose, event: string): CommandDecl {
  return defineCommand({
    name,
    description: `Deletes a ${named[purpose]}`,
    access: access.all,
    async: true,
    event,
    jobInstance: { type: 'FirewallRule', idParam: 'id' },
    params: { id: { type: 'uuid', entity: 'NetworkRule', required: true, description: `The ID of the ${named[purpose]}` } },
    response: { type: 'success' },
    async handler(ctx, p) {
      const rule = await ctx.db
        .selectFrom('network_rule')
        .innerJoin('domain', 'domain.id', 'network_rule.domain_id')
        .selectAll('network_rule')
        .select('domain.path')
        .where('network_rule.id', '=', p.id as string)
        .where('network_rule.purpose', '=', purpose)
        .executeTakeFirst();
      if (!rule) throw errors.notFound(named[purpose], p.id as string);
      assertAccess(ctx.caller, { accountId: rule.account_id, domainPath: rule.path }, named[purpose]);
      ctx.event = { ...ctx.event, resourceType: 'FirewallRule', resourceId: rule.id, description: `deleted ${named[purpose]} ${rule.id}` };
      const network = await findNetwork(ctx.db, rule.network_id);
      await changeRules(ctx.db, network, {
        async record(trx) {
          const related = await trx.selectFrom('network_rule').select(['id', 'state']).where('related_id', '=', rule.id).execute();
          const was = await trx.selectFrom('network_rule').select(['id', 'state']).where('id', '=', rule.id).where('state', '!=', 'Revoke').executeTakeFirst();
          if (!was) throw errors.notFound(named[purpose], rule.id);
          const all = [was, ...related];
          await trx.updateTable('network_rule').set({ state: 'Revoke' }).where('id', 'in', all.map((r) => r.id)).execute();
          return all;
        },
        async commit(trx, all) {
          await trx.deleteFrom('network_rule').where('id', 'in', all.map((r) => r.id)).execute();
        },
        async rollback(trx, all) {
          for (const r of all) await trx.updateTable('network_rule').set({ state: r.state }).where('id', '=', r.id).execute();
        },
      });
      return success();
    },
  });
}
