import type { CommandDecl } from '../../kernel/command.ts';
import { registerTaggable } from '../../operations/index.ts';
import { assignToLoadBalancerRule, listLoadBalancerRuleInstances, removeFromLoadBalancerRule } from './commands/members.ts';
import { policyCommands } from './commands/policies.ts';
import { createLoadBalancerRule, deleteLoadBalancerRule, listLoadBalancerRules, updateLoadBalancerRule } from './commands/rules.ts';

registerTaggable('LoadBalancer', async (db, id) => {
  const r = await db
    .selectFrom('load_balancer_rule')
    .innerJoin('domain', 'domain.id', 'load_balancer_rule.domain_id')
    .select(['load_balancer_rule.account_id', 'load_balancer_rule.domain_id', 'domain.path'])
    .where('load_balancer_rule.id', '=', id)
    .where('load_balancer_rule.state', '!=', 'Revoke')
    .executeTakeFirst();
  return r ? { accountId: r.account_id, domainId: r.domain_id, domainPath: r.path } : undefined;
});

/** Load balancer rules of guest networks, with their stickiness and health check policies. */
export const loadBalancerCommands: CommandDecl[] = [
  createLoadBalancerRule,
  updateLoadBalancerRule,
  deleteLoadBalancerRule,
  listLoadBalancerRules,
  assignToLoadBalancerRule,
  removeFromLoadBalancerRule,
  listLoadBalancerRuleInstances,
  ...policyCommands,
];
