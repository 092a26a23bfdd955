import type { CommandDecl } from '../../kernel/command.ts';
import { registerResourceCounter } from '../../identity/limits/index.ts';
import { registerTaggable } from '../../operations/index.ts';
import { associateIpAddress } from './commands/associate-ip.ts';
import { createEgressFirewallRule, createFirewallRule } from './commands/create-firewall.ts';
import { createPortForwardingRule } from './commands/create-port-forwarding.ts';
import { disassociateIpAddress } from './commands/disassociate-ip.ts';
import { listPublicIpAddresses } from './commands/list-public-ips.ts';
import { deleteRule, listRules } from './commands/rule-commands.ts';
import { disableStaticNat, enableStaticNat, listIpForwardingRules } from './commands/static-nat.ts';

registerResourceCounter('public_ip', async (db, accountId) => {
  const r = await db
    .selectFrom('public_ip')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('state', '=', 'Allocated')
    .executeTakeFirstOrThrow();
  return Number(r.n);
});
registerTaggable('PublicIpAddress', async (db, id) => {
  const ip = await db
    .selectFrom('public_ip')
    .innerJoin('domain', 'domain.id', 'public_ip.domain_id')
    .select(['public_ip.account_id', 'public_ip.domain_id', 'domain.path'])
    .where('public_ip.id', '=', id)
    .where('public_ip.state', '=', 'Allocated')
    .executeTakeFirst();
  return ip?.account_id && ip.domain_id ? { accountId: ip.account_id, domainId: ip.domain_id, domainPath: ip.path } : undefined;
});

/** Public addresses, static NAT, port forwarding and firewall rules of guest networks. */
export const ruleCommands: CommandDecl[] = [
  associateIpAddress,
  disassociateIpAddress,
  listPublicIpAddresses,
  enableStaticNat,
  disableStaticNat,
  listIpForwardingRules,
  createPortForwardingRule,
  listRules('listPortForwardingRules', 'PortForwarding', 'portforwardingrule'),
  deleteRule('deletePortForwardingRule', 'PortForwarding', 'NET.RULEDELETE'),
  createFirewallRule,
  listRules('listFirewallRules', 'Firewall', 'firewallrule'),
  deleteRule('deleteFirewallRule', 'Firewall', 'FIREWALL.CLOSE'),
  createEgressFirewallRule,
  listRules('listEgressFirewallRules', 'Egress', 'firewallrule'),
  deleteRule('deleteEgressFirewallRule', 'Egress', 'FIREWALL.EGRESS.CLOSE'),
];
