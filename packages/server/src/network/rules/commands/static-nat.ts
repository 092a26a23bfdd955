import { defineCommand, list, success } from '../../../kernel/command.ts';
import { ApiError, ErrorCode, errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { listParams, paging, scopeParams } from '../../../kernel/paging.ts';
import { listScope, scopeCondition } from '../../../identity/scope.ts';
import { findVmForAction } from '../../../compute/index.ts';
import { findIpForAction, guestOf, networkOfIp } from '../addresses.ts';
import { changeRules } from '../apply.ts';
import { ipColumns, ipForwardingResponses } from '../responses.ts';
import { assertNoLbOn } from '../../lb/store.ts';

export const enableStaticNat = defineCommand({
  name: 'enableStaticNat',
  description: 'Maps a public IP address one-to-one to a VM of its network',
  access: access.all,
  event: 'STATICNAT.ENABLE',
  params: {
    ipaddressid: { type: 'uuid', entity: 'IpAddress', required: true, description: 'The public IP address' },
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM the address maps to' },
    vmguestip: { type: 'string', description: 'The VM\'s address in the network (its NIC\'s by default)' },
    networkid: { type: 'uuid', entity: 'Network', description: 'The network of the VM\'s NIC: the address\'s own network' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const ip = await findIpForAction(ctx, p.ipaddressid as string);
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    if (vm.account_id !== ip.accountId) throw errors.permissionDenied(`VM ${vm.name} and public IP address ${ip.address} belong to different accounts`);
    const network = await networkOfIp(ctx.db, ip);
    if (p.networkid && p.networkid !== network.id) throw errors.paramError(`Public IP address ${ip.address} is associated with network ${network.name}, not ${p.networkid as string}`);
    if (ip.isSourceNat) throw errors.paramError(`Static NAT cannot be enabled on ${ip.address}: it is the source NAT address of network ${network.name}`, [ip.id]);
    if (ip.staticNatVmId) throw errors.paramError(`Static NAT is already enabled on ${ip.address}; disable it first`, [ip.id]);
    const guestIp = await guestOf(ctx, vm, network.id, p.vmguestip as string | undefined);
    ctx.event = { ...ctx.event, resourceType: 'IpAddress', resourceId: ip.id, description: `static NAT from ${ip.address} to VM ${vm.name}` };
    await changeRules(ctx.db, network, {
      async record(trx) {
        const forwards = await trx.selectFrom('network_rule').select('id').where('ip_id', '=', ip.id).where('purpose', '=', 'PortForwarding').executeTakeFirst();
        if (forwards) throw new ApiError(ErrorCode.NetworkRuleConflictError, `Public IP address ${ip.address} has port forwarding rules: static NAT needs an address without them`, [ip.id]);
        await assertNoLbOn(trx, ip.id);
        const other = await trx.selectFrom('network_ip').select('id').where('static_nat_vm_id', '=', vm.id).where('static_nat_vm_ip', '=', guestIp).executeTakeFirst();
        if (other) throw errors.paramError(`VM ${vm.name} already has a static NAT address for ${guestIp}`, [other.id]);
        const r = await trx.updateTable('network_ip').set({ static_nat_vm_id: vm.id, static_nat_vm_ip: guestIp }).where('id', '=', ip.id).where('static_nat_vm_id', 'is', null).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw errors.paramError(`Static NAT is already enabled on ${ip.address}; disable it first`, [ip.id]);
      },
      async commit() {},
      async rollback(trx) {
        await trx.updateTable('network_ip').set({ static_nat_vm_id: null, static_nat_vm_ip: null }).where('id', '=', ip.id).execute();
      },
    });
    return success();
  },
});

export const disableStaticNat = defineCommand({
  name: 'disableStaticNat',
  description: 'Removes the static NAT of a public IP address',
  access: access.all,
  async: true,
  event: 'STATICNAT.DISABLE',
  jobInstance: { type: 'IpAddress', idParam: 'ipaddressid' },
  params: { ipaddressid: { type: 'uuid', entity: 'IpAddress', required: true, description: 'The public IP address' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const ip = await findIpForAction(ctx, p.ipaddressid as string);
    if (!ip.staticNatVmId) throw errors.paramError(`Static NAT is not enabled on ${ip.address}`, [ip.id]);
    const network = await networkOfIp(ctx.db, ip);
    ctx.event = { ...ctx.event, resourceType: 'IpAddress', resourceId: ip.id, description: `disabled static NAT on ${ip.address}` };
    await changeRules(ctx.db, network, {
      async record(trx) {
        const was = await trx.selectFrom('network_ip').select(['static_nat_vm_id', 'static_nat_vm_ip']).where('id', '=', ip.id).executeTakeFirst();
        if (!was?.static_nat_vm_id) throw errors.paramError(`Static NAT is not enabled on ${ip.address}`, [ip.id]);
        await trx.updateTable('network_ip').set({ static_nat_vm_id: null, static_nat_vm_ip: null }).where('id', '=', ip.id).execute();
        return was;
      },
      async commit() {},
      async rollback(trx, was) {
        await trx.updateTable('network_ip').set(was).where('id', '=', ip.id).execute();
      },
    });
    return success();
  },
});

export const listIpForwardingRules = defineCommand({
  name: 'listIpForwardingRules',
  description: 'Lists static NATs as IP forwarding rules',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'List the rule with this ID (the public IP address\'s)' },
    ipaddressid: { type: 'uuid', description: 'List the rule of this public IP address' },
    virtualmachineid: { type: 'uuid', description: 'List the rules to this VM' },
  },
  response: { type: 'list', listKey: 'ipforwardingrule' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ipColumns(ctx.db).where('network_ip.static_nat_vm_id', 'is not', null).where(scopeCondition(scope, { account: 'public_ip.account_id', domain: 'public_ip.domain_id' }));
    const id = (p.id ?? p.ipaddressid) as string | undefined;
    if (id) q = q.where('public_ip.id', '=', id);
    if (p.ipaddressid && p.id && p.id !== p.ipaddressid) return list(0, []);
    if (p.virtualmachineid) q = q.where('network_ip.static_nat_vm_id', '=', p.virtualmachineid as string);
    const [count, rows] = await Promise.all([
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.orderBy('public_ip.address_num').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count.count), await ipForwardingResponses(ctx.db, rows));
  },
});
