import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { findVmForAction, vmResponse } from '../../compute/index.ts';
import { hostDriver } from '../driver.ts';
import { findVmSnapshot, snapshotHostOf } from '../vm-snapshots.ts';

export const revertToVMSnapshot = defineCommand({
  name: 'revertToVMSnapshot',
  description: 'Puts a stopped VM\'s disks back to a disk-only VM snapshot',
  access: access.all,
  async: true,
  event: 'VMSNAPSHOT.REVERTTO',
  jobInstance: { type: 'VmSnapshot', idParam: 'vmsnapshotid' },
  params: {
    vmsnapshotid: { type: 'uuid', entity: 'VMSnapshot', required: true, description: 'The ID of the VM snapshot' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const snapshot = await findVmSnapshot(ctx.db, p.vmsnapshotid as string);
    assertAccess(ctx.caller, { accountId: snapshot.account_id, domainPath: snapshot.domain_path }, 'VM snapshot');
    const vm = await findVmForAction(ctx, snapshot.vm_id);
    if (snapshot.type !== 'Disk') throw errors.paramError('Reverting to a snapshot with memory is not supported yet: take a disk-only snapshot', [snapshot.id]);
    if (vm.state !== 'Stopped') throw errors.paramError(`VM ${vm.name} is ${vm.state}: stop it before reverting it to a snapshot`, [vm.id]);
    ctx.event = { ...ctx.event, resourceType: 'VMSnapshot', resourceId: snapshot.id, description: `reverted VM ${vm.name} to snapshot ${snapshot.display_name}` };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('vm_snapshot').set({ current: 0 }).where('vm_id', '=', vm.id).execute();
      await trx.updateTable('vm_snapshot').set({ current: 1 }).where('id', '=', snapshot.id).execute();
      await hostDriver(trx).revertVmSnapshot(snapshotHostOf(vm), vm.instance_name, snapshot.id);
    });
    return object(await vmResponse(ctx.db, ctx.caller, vm));
  },
});
