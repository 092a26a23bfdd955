import { defineCommand, object, type CommandContext } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { accountChain } from '../../kernel/settings-store.ts';
import { releaseResources, reserveResources } from '../../identity/index.ts';
import { isAdmin } from '../../identity/scope.ts';
import { stopVm } from '../lifecycle.ts';
import { purgeVm } from '../purge.ts';
import { vmResponse } from '../vm-response.ts';
import { transition } from '../vm-state.ts';
import { claimState, findVmForAction, vmCounts, type VmRow } from '../vms.ts';

const jobInstance = { type: 'VirtualMachine', idParam: 'id' };

/** Expunging and recovering are admins' unless `allow.user.expunge.recover.vm` lets the account's users. */
async function assertMayExpungeOrRecover(ctx: CommandContext, vm: VmRow, doing: string): Promise<void> {
  if (isAdmin(ctx.caller)) return;
  if (await ctx.settings.bool('allow.user.expunge.recover.vm', accountChain(vm.account_id, vm.domain_id))) return;
  throw errors.permissionDenied(`Account ${ctx.caller.accountName} may not ${doing} VMs (allow.user.expunge.recover.vm is false)`, [vm.id]);
}

/** Destroyed/Error -> Expunging -> gone: everything it held is given back. */
async function expunge(ctx: CommandContext, vm: VmRow): Promise<VmRow> {
  transition(vm, 'ExpungeRequested');
  await ctx.job?.touch({ type: 'VirtualMachine', id: vm.id, restoreState: vm.state });
  const expunging = await claimState(ctx.db, vm, 'Expunging');
  await purgeVm(ctx.db, vm.id, { countsHeld: vm.state === 'Error' });
  return expunging;
}

export const destroyVirtualMachine = defineCommand({
  name: 'destroyVirtualMachine',
  description: 'Destroys a VM (stopping it first); it is expunged after expunge.delay, or at once with expunge=true',
  access: access.all,
  async: true,
  event: 'VM.DESTROY',
  jobInstance,
  params: {
    id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
    expunge: { type: 'boolean', description: 'Expunge at once instead of after expunge.delay' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    let vm = await findVmForAction(ctx, p.id as string);
    if (vm.delete_protection === 1) throw errors.paramError(`VM ${vm.name} has delete protection; turn it off with updateVirtualMachine first`, [vm.id]);
    if (p.expunge === true) await assertMayExpungeOrRecover(ctx, vm, 'expunge');
    if (vm.state !== 'Running' && vm.state !== 'Stopped' && vm.state !== 'Error') transition(vm, 'DestroyRequested');
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `destroying VM ${vm.name}` };
    if (vm.state === 'Running') vm = await stopVm(ctx, vm, false);
    await ctx.job?.touch({ type: 'VirtualMachine', id: vm.id, restoreState: vm.state });
    const destroyed = await ctx.db.transaction().execute(async (trx) => {
      const moved = await claimState(trx, vm, 'Destroyed', { destroyed: new Date().toISOString() });
      await releaseResources(trx, vm.account_id, vmCounts(vm));
      return moved;
    });
    const last = p.expunge === true ? await expunge(ctx, destroyed) : destroyed;
    return object(await vmResponse(ctx.db, ctx.caller, last));
  },
});

export const recoverVirtualMachine = defineCommand({
  name: 'recoverVirtualMachine',
  description: 'Recovers a destroyed VM that is not expunged yet: it is Stopped again and counts against limits',
  access: access.all,
  event: 'VM.RECOVER',
  params: { id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' } },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    await assertMayExpungeOrRecover(ctx, vm, 'recover');
    transition(vm, 'RecoveryRequested');
    const recovered = await ctx.db.transaction().execute(async (trx) => {
      await reserveResources(trx, vm.account_id, vmCounts(vm));
      return claimState(trx, vm, 'Stopped', { destroyed: null });
    });
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `recovered VM ${vm.name}` };
    return object(await vmResponse(ctx.db, ctx.caller, recovered));
  },
});

export const expungeVirtualMachine = defineCommand({
  name: 'expungeVirtualMachine',
  description: 'Expunges a destroyed VM at once, removing its volumes and NICs',
  access: access.all,
  async: true,
  event: 'VM.EXPUNGE',
  jobInstance,
  params: { id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    await assertMayExpungeOrRecover(ctx, vm, 'expunge');
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `expunged VM ${vm.name}` };
    await expunge(ctx, vm);
    return { kind: 'success' };
  },
});

export const destroyCommands = [destroyVirtualMachine, recoverVirtualMachine, expungeVirtualMachine];
