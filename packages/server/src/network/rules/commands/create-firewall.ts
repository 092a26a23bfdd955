import { defineCommand, object, type CommandContext, type Params } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { assertAccess } from '../../../identity/scope.ts';
import { findNetwork } from '../../networks.ts';
import { findIpForAction, networkOfIp } from '../addresses.ts';
import { changeRules } from '../apply.ts';
import { cidrList, portRange, ruleProtocol } from '../ports.ts';
import { ruleResponses } from '../responses.ts';
import { activate, assertNoConflict, discard, newRule } from '../rules.ts';

/** Ports for tcp and udp (all of them when none is given), ICMP type and code for icmp (-1: any), nothing for all. */
function matchFields(p: Params) {
  const protocol = ruleProtocol(p.protocol);
  const hasPorts = p.startport !== undefined || p.endport !== undefined;
  if ((protocol === 'icmp' || protocol === 'all') && hasPorts) throw errors.paramError(`startport and endport can't be given for protocol ${protocol}`);
  if (protocol !== 'icmp' && (p.icmptype !== undefined || p.icmpcode !== undefined)) throw errors.paramError('icmptype and icmpcode can be given for protocol icmp only');
  if (p.startport === undefined && p.endport !== undefined) throw errors.paramError('endport needs startport');
  const ports = hasPorts ? portRange(p.startport, p.endport, 'start') : undefined;
  const icmp = protocol === 'icmp' ? { icmp_type: (p.icmptype as number | undefined) ?? -1, icmp_code: (p.icmpcode as number | undefined) ?? -1 } : { icmp_type: null, icmp_code: null };
  return { protocol, start_port: ports?.[0] ?? null, end_port: ports?.[1] ?? null, ...icmp };
}

const firewallParams = {
  protocol: { type: 'string', required: true, description: 'tcp, udp, icmp or all' },
  startport: { type: 'integer', description: 'The first port (tcp, udp; all ports when none)' },
  endport: { type: 'integer', description: 'The last port (startport by default)' },
  icmptype: { type: 'integer', description: 'The ICMP type (icmp; -1 for any)' },
  icmpcode: { type: 'integer', description: 'The ICMP code (icmp; -1 for any)' },
  type: { type: 'string', description: 'Accepted for compatibility: user rules only' },
  fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every rule is shown' },
} as const;

async function answer(ctx: CommandContext, id: string) {
  const rows = await ctx.db.selectFrom('network_rule').selectAll().where('id', '=', id).execute();
  const [response] = await ruleResponses(ctx.db, rows);
  return object(response);
}

export const createFirewallRule = defineCommand({
  name: 'createFirewallRule',
  description: 'Admits traffic from source CIDRs to a public IP address (ingress firewall rule)',
  access: access.all,
  async: true,
  event: 'FIREWALL.OPEN',
  jobInstance: { type: 'FirewallRule', allocate: true },
  params: {
    ipaddressid: { type: 'uuid', entity: 'IpAddress', required: true, description: 'The public IP address' },
    cidrlist: { type: 'list', of: 'string', description: 'Source CIDRs admitted (0.0.0.0/0 by default)' },
    ...firewallParams,
  },
  response: { type: 'object', name: 'firewallrule' },
  async handler(ctx, p) {
    const ip = await findIpForAction(ctx, p.ipaddressid as string);
    const match = matchFields(p);
    const network = await networkOfIp(ctx.db, ip);
    const rule = newRule({
      id: ctx.job?.instanceId,
      ...match,
      purpose: 'Firewall',
      network_id: network.id,
      ip_id: ip.id,
      account_id: ip.accountId,
      domain_id: ip.domainId,
      private_port: null,
      private_end_port: null,
      vm_id: null,
      vm_ip: null,
      cidr_list: cidrList(p.cidrlist).join(','),
      dest_cidr_list: null,
    });
    ctx.event = { ...ctx.event, resourceType: 'FirewallRule', resourceId: rule.id, description: `firewall rule ${rule.protocol} on ${ip.address}` };
    await changeRules(ctx.db, network, {
      async record(trx) {
        await assertNoConflict(trx, rule);
        await trx.insertInto('network_rule').values(rule).execute();
        return [rule.id];
      },
      commit: activate,
      rollback: discard,
    });
    return answer(ctx, rule.id);
  },
});

export const createEgressFirewallRule = defineCommand({
  name: 'createEgressFirewallRule',
  description: 'Rules the traffic a guest network sends out (egress firewall rule)',
  access: access.all,
  async: true,
  event: 'FIREWALL.EGRESS.OPEN',
  jobInstance: { type: 'FirewallRule', allocate: true },
  params: {
    networkid: { type: 'uuid', entity: 'Network', required: true, description: 'The guest network' },
    cidrlist: { type: 'list', of: 'string', description: 'Guest source CIDRs (the network\'s CIDR by default)' },
    destcidrlist: { type: 'list', of: 'string', description: 'Destination CIDRs (0.0.0.0/0 by default)' },
    ...firewallParams,
  },
  response: { type: 'object', name: 'firewallrule' },
  async handler(ctx, p) {
    const network = await findNetwork(ctx.db, p.networkid as string);
    assertAccess(ctx.caller, { accountId: network.account_id, domainPath: network.domain_path }, 'network');
    if (network.guest_type !== 'Isolated') throw errors.paramError(`Network ${network.name} is ${network.guest_type}: egress rules are for isolated networks`);
    const match = matchFields(p);
    const rule = newRule({
      id: ctx.job?.instanceId,
      ...match,
      purpose: 'Egress',
      network_id: network.id,
      ip_id: null,
      account_id: network.account_id,
      domain_id: network.domain_id,
      private_port: null,
      private_end_port: null,
      vm_id: null,
      vm_ip: null,
      cidr_list: (p.cidrlist === undefined ? [network.cidr] : cidrList(p.cidrlist)).join(','),
      dest_cidr_list: cidrList(p.destcidrlist, 'destcidrlist').join(','),
    });
    ctx.event = { ...ctx.event, resourceType: 'FirewallRule', resourceId: rule.id, description: `egress rule ${rule.protocol} on network ${network.name}` };
    await changeRules(ctx.db, network, {
      async record(trx) {
        await assertNoConflict(trx, rule);
        await trx.insertInto('network_rule').values(rule).execute();
        return [rule.id];
      },
      commit: activate,
      rollback: discard,
    });
    return answer(ctx, rule.id);
  },
});
