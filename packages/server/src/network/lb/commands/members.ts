import type { Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { containsText } from '../../../db/text.ts';
import { defineCommand, list, success, type CommandContext, type CommandDecl, type MapEntry, type Params } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { paging } from '../../../kernel/paging.ts';
import { access } from '../../../kernel/roles.ts';
import { findVmForAction, vmResponses } from '../../../compute/index.ts';
import { findNetwork } from '../../networks.ts';
import { guestOf } from '../../rules/addresses.ts';
import { changeRules } from '../../rules/apply.ts';
import { departedStates, findLbForAction, type LbRow } from '../store.ts';

interface Member {
  vmId: string;
  vmName: string;
  ip: string;
}

/** The VMs and addresses `virtualmachineids` and `vmidipmap` name: the rule's account's VMs, with a NIC in its network. */
async function membersOf(ctx: CommandContext, rule: LbRow, p: Params, running: boolean): Promise<Member[]> {
  const ids = (p.virtualmachineids as string[] | undefined) ?? [];
  const pairs = ((p.vmidipmap as MapEntry[] | undefined) ?? []).map((e) => {
    if (!e.vmid || !e.vmip) throw errors.paramError('Every vmidipmap entry needs vmid and vmip (vmidipmap[0].vmid=...&vmidipmap[0].vmip=...)');
    return { id: e.vmid, ip: e.vmip };
  });
  const wanted = [...ids.map((id) => ({ id, ip: undefined as string | undefined })), ...pairs];
  if (wanted.length === 0) throw errors.paramError('Name the VMs with virtualmachineids or vmidipmap');
  const out: Member[] = [];
  for (const w of wanted) {
    const vm = await findVmForAction(ctx, w.id);
    if (vm.account_id !== rule.account_id) throw errors.permissionDenied(`VM ${vm.name} and load balancer rule ${rule.name} belong to different accounts`, [vm.id]);
    if (running && vm.state !== 'Running' && vm.state !== 'Stopped') throw errors.paramError(`VM ${vm.name} is ${vm.state}: only Running or Stopped VMs can be assigned to a load balancer rule`, [vm.id]);
    const ip = await guestOf(ctx, vm, rule.network_id, w.ip);
    if (!out.some((m) => m.vmId === vm.id && m.ip === ip)) out.push({ vmId: vm.id, vmName: vm.name, ip });
  }
  return out;
}

const memberParams = {
  id: { type: 'uuid', entity: 'LoadBalancerRule', required: true, description: 'The ID of the load balancer rule' },
  virtualmachineids: { type: 'list', of: 'uuid', entity: 'VirtualMachine', description: 'The VMs (by their address in the rule\'s network)' },
  vmidipmap: { type: 'map', description: 'VMs with the address to use: vmidipmap[0].vmid=...&vmidipmap[0].vmip=...' },
} as const;

export const assignToLoadBalancerRule = defineCommand({
  name: 'assignToLoadBalancerRule',
  description: 'Puts Running or Stopped VMs of the rule\'s network behind a load balancer rule',
  access: access.all,
  async: true,
  event: 'LB.ASSIGN.TO.RULE',
  jobInstance: { type: 'LoadBalancerRule', idParam: 'id' },
  params: memberParams,
  response: { type: 'success' },
  async handler(ctx, p) {
    const rule = await findLbForAction(ctx, p.id as string);
    const members = await membersOf(ctx, rule, p, true);
    ctx.event = { ...ctx.event, resourceType: 'LoadBalancerRule', resourceId: rule.id, description: `assigned ${members.map((m) => m.vmName).join(', ')} to load balancer ${rule.name}` };
    await changeRules(ctx.db, await findNetwork(ctx.db, rule.network_id), {
      async record(trx) {
        for (const m of members) {
          const there = await trx.selectFrom('load_balancer_vm').select('state').where('rule_id', '=', rule.id).where('vm_id', '=', m.vmId).where('vm_ip', '=', m.ip).executeTakeFirst();
          if (there) throw errors.paramError(`VM ${m.vmName} (${m.ip}) is already assigned to load balancer rule ${rule.name}`, [m.vmId]);
        }
        const created = new Date().toISOString();
        await trx.insertInto('load_balancer_vm').values(members.map((m) => ({ rule_id: rule.id, vm_id: m.vmId, vm_ip: m.ip, state: 'Add', created }))).execute();
      },
      async commit(trx) {
        await trx.updateTable('load_balancer_vm').set({ state: 'Active' }).where('rule_id', '=', rule.id).where('state', '=', 'Add').execute();
      },
      async rollback(trx) {
        for (const m of members) await trx.deleteFrom('load_balancer_vm').where('rule_id', '=', rule.id).where('vm_id', '=', m.vmId).where('vm_ip', '=', m.ip).execute();
      },
    });
    return success();
  },
});

export const removeFromLoadBalancerRule = defineCommand({
  name: 'removeFromLoadBalancerRule',
  description: 'Takes VMs from behind a load balancer rule',
  access: access.all,
  async: true,
  event: 'LB.REMOVE.FROM.RULE',
  jobInstance: { type: 'LoadBalancerRule', idParam: 'id' },
  params: memberParams,
  response: { type: 'success' },
  async handler(ctx, p) {
    const rule = await findLbForAction(ctx, p.id as string);
    const members = await membersOf(ctx, rule, p, false);
    ctx.event = { ...ctx.event, resourceType: 'LoadBalancerRule', resourceId: rule.id, description: `removed ${members.map((m) => m.vmName).join(', ')} from load balancer ${rule.name}` };
    const row = (trx: Transaction<Database>, m: Member) =>
      trx.updateTable('load_balancer_vm').where('rule_id', '=', rule.id).where('vm_id', '=', m.vmId).where('vm_ip', '=', m.ip);
    await changeRules(ctx.db, await findNetwork(ctx.db, rule.network_id), {
      async record(trx) {
        for (const m of members) {
          const r = await row(trx, m).set({ state: 'Revoke' }).where('state', '!=', 'Revoke').executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) throw errors.paramError(`VM ${m.vmName} (${m.ip}) is not assigned to load balancer rule ${rule.name}`, [m.vmId]);
        }
      },
      async commit(trx) {
        await trx.deleteFrom('load_balancer_vm').where('rule_id', '=', rule.id).where('state', '=', 'Revoke').execute();
      },
      async rollback(trx) {
        for (const m of members) await row(trx, m).set({ state: 'Active' }).execute();
      },
    });
    return success();
  },
});

export const listLoadBalancerRuleInstances: CommandDecl = defineCommand({
  name: 'listLoadBalancerRuleInstances',
  description: 'Lists the VMs assigned to a load balancer rule (applied=false: the VMs that could be)',
  access: access.all,
  params: {
    id: { type: 'uuid', required: true, description: 'The ID of the load balancer rule' },
    applied: { type: 'boolean', description: 'true (default): the assigned VMs; false: the account\'s VMs of the network not assigned' },
    lbvmips: { type: 'boolean', description: 'Answer each VM with its addresses in the rule (lbrulevmidip)' },
    keyword: { type: 'string', description: 'List VMs whose name holds this' },
    page: { type: 'integer', description: 'The page to return, from 1' },
    pagesize: { type: 'integer', description: 'Items per page (at most default.page.size); -1 for all' },
  },
  response: { type: 'list', listKey: 'lbrulevmidip' },
  async handler(ctx, p) {
    const rule = await findLbForAction(ctx, p.id as string);
    const { limit, offset } = await paging(ctx, p);
    const assigned = ctx.db.selectFrom('load_balancer_vm').select('vm_id').where('rule_id', '=', rule.id).where('state', '!=', 'Revoke');
    // VMs with a NIC in the network: an expunged VM has none, a destroyed one is out of its rules until recovered.
    let q = ctx.db
      .selectFrom('vm_instance')
      .where('vm_instance.id', 'in', (eb) => eb.selectFrom('nic').select('nic.vm_id').where('nic.network_id', '=', rule.network_id))
      .where('vm_instance.account_id', '=', rule.account_id);
    q = p.applied === false ? q.where('vm_instance.id', 'not in', assigned).where('vm_instance.state', 'in', ['Running', 'Stopped']) : q.where('vm_instance.id', 'in', assigned).where('vm_instance.state', 'not in', departedStates);
    if (p.keyword) q = q.where(containsText('vm_instance.name', p.keyword as string));
    const [count, vms] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll('vm_instance').orderBy('vm_instance.created').orderBy('vm_instance.id').limit(limit).offset(offset).execute(),
    ]);
    const items = await vmResponses(ctx.db, ctx.caller, vms);
    if (!p.lbvmips) return { kind: 'raw', body: items.length === 0 ? {} : { count: Number(count.count), loadbalancerruleinstance: items } };
    const ips = await ctx.db.selectFrom('load_balancer_vm').select(['vm_id', 'vm_ip']).where('rule_id', '=', rule.id).where('state', '!=', 'Revoke').execute();
    return list(
      Number(count.count),
      items.map((vm) => ({ loadbalancerruleinstance: vm, lbvmipaddresses: ips.filter((i) => i.vm_id === vm.id).map((i) => i.vm_ip) })),
    );
  },
});
