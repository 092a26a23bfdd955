import { defineCommand, object } from '../../../kernel/command.ts';
import { ApiError, ErrorCode, errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { findVmForAction } from '../../../compute/index.ts';
import { findIpForAction, guestOf, networkOfIp } from '../addresses.ts';
import { changeRules } from '../apply.ts';
import { cidrList, portRange, ruleProtocol } from '../ports.ts';
import { ruleResponses } from '../responses.ts';
import { activate, assertNoConflict, discard, newRule, openingNeeded, type RuleRow } from '../rules.ts';

export const createPortForwardingRule = defineCommand({
  name: 'createPortForwardingRule',
  description: 'Forwards a public port range of a public IP address to a VM of its network',
  access: access.all,
  async: true,
  event: 'NET.RULEADD',
  jobInstance: { type: 'FirewallRule', allocate: true },
  params: {
    ipaddressid: { type: 'uuid', entity: 'IpAddress', required: true, description: 'The public IP address' },
    protocol: { type: 'string', required: true, description: 'tcp or udp' },
    publicport: { type: 'integer', required: true, description: 'The first public port' },
    publicendport: { type: 'integer', description: 'The last public port (publicport by default)' },
    privateport: { type: 'integer', required: true, description: 'The first port on the VM' },
    privateendport: { type: 'integer', description: 'The last port on the VM (privateport by default)' },
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM traffic goes to' },
    vmguestip: { type: 'string', description: 'The VM\'s address in the network (its NIC\'s by default)' },
    networkid: { type: 'uuid', entity: 'Network', description: 'The network of the VM\'s NIC: the address\'s own network' },
    openfirewall: { type: 'boolean', description: 'Also open the public ports in the firewall (default true)' },
    cidrlist: { type: 'list', of: 'string', description: 'Source CIDRs the opened firewall rule admits (0.0.0.0/0 by default)' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every rule is shown' },
  },
  response: { type: 'object', name: 'portforwardingrule' },
  async handler(ctx, p) {
    const ip = await findIpForAction(ctx, p.ipaddressid as string);
    const protocol = ruleProtocol(p.protocol, ['tcp', 'udp']);
    const pub = portRange(p.publicport, p.publicendport, 'public');
    const priv = portRange(p.privateport, p.privateendport, 'private');
    if (pub[1] - pub[0] !== priv[1] - priv[0]) throw errors.paramError(`The public port range ${pub.join('-')} and the private port range ${priv.join('-')} differ in size`);
    const cidrs = cidrList(p.cidrlist).join(',');
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    if (vm.account_id !== ip.accountId) throw errors.permissionDenied(`VM ${vm.name} and public IP address ${ip.address} belong to different accounts`);
    const network = await networkOfIp(ctx.db, ip);
    if (p.networkid && p.networkid !== network.id) throw errors.paramError(`Public IP address ${ip.address} is associated with network ${network.name}, not ${p.networkid as string}`);
    if (ip.staticNatVmId) throw new ApiError(ErrorCode.NetworkRuleConflictError, `Public IP address ${ip.address} has static NAT: it forwards every port already`, [ip.id]);
    const guestIp = await guestOf(ctx, vm, network.id, p.vmguestip as string | undefined);
    const owner = { network_id: network.id, ip_id: ip.id, account_id: ip.accountId, domain_id: ip.domainId, vm_id: null, vm_ip: null, dest_cidr_list: null, icmp_type: null, icmp_code: null };
    const forward = newRule({
      id: ctx.job?.instanceId,
      ...owner,
      purpose: 'PortForwarding',
      protocol,
      start_port: pub[0],
      end_port: pub[1],
      private_port: priv[0],
      private_end_port: priv[1],
      vm_id: vm.id,
      vm_ip: guestIp,
      cidr_list: cidrs,
    });
    const firewall = newRule({ ...owner, purpose: 'Firewall', protocol, start_port: pub[0], end_port: pub[1], private_port: null, private_end_port: null, cidr_list: cidrs, related_id: forward.id });
    const made = await changeRules(ctx.db, network, {
      async record(trx) {
        await assertNoConflict(trx, forward);
        const rows: RuleRow[] = [forward];
        if (p.openfirewall !== false && (await openingNeeded(trx, firewall))) rows.push(firewall);
        await trx.insertInto('network_rule').values(rows).execute();
        return rows.map((r) => r.id);
      },
      commit: activate,
      rollback: discard,
    });
    ctx.event = { ...ctx.event, resourceType: 'FirewallRule', resourceId: forward.id, description: `port forward ${ip.address}:${pub.join('-')}/${protocol} to VM ${vm.name}` };
    const rows = await ctx.db.selectFrom('network_rule').selectAll().where('id', '=', made[0]).execute();
    const [response] = await ruleResponses(ctx.db, rows);
    return object(response);
  },
});
