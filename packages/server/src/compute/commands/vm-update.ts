import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { isAdmin } from '../../identity/scope.ts';
import { assertVmNameFree, checkVmName, detailsMap } from '../deploy-input.ts';
import { checkUserData } from '../userdata.ts';
import { vmResponse } from '../vm-response.ts';
import { findVmForAction, type VmRow } from '../vms.ts';
import { findUserData } from './user-data.ts';

export const updateVirtualMachine = defineCommand({
  name: 'updateVirtualMachine',
  description: 'Updates a VM\'s names, group, HA flag, OS type, user data, details and delete protection',
  access: access.all,
  event: 'VM.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
    name: { type: 'string', description: 'New host name; the VM must be stopped' },
    displayname: { type: 'string', description: 'New display name' },
    group: { type: 'string', description: 'New group (empty to clear)' },
    haenable: { type: 'boolean', description: 'Whether HA restarts the VM' },
    ostypeid: { type: 'uuid', entity: 'OsType', description: 'New guest OS type' },
    userdata: { type: 'string', length: 1048576, description: 'New base64 user data, at most 32 KB' },
    userdataid: { type: 'uuid', entity: 'UserData', description: 'Registered user data to use instead' },
    displayvm: { type: 'boolean', description: 'Admins: whether the VM is shown to its owner' },
    deleteprotection: { type: 'boolean', description: 'When true, the VM cannot be destroyed' },
    details: { type: 'map', description: 'Details to set (replacing those the user may see)' },
    cleanupdetails: { type: 'boolean', description: 'Remove every detail' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    if (vm.state === 'Destroyed' || vm.state === 'Expunging') throw errors.paramError(`Unable to update VM ${vm.name}: it is in state ${vm.state}`, [vm.id]);
    const set: Partial<VmRow> = {};
    if (p.name !== undefined && p.name !== vm.name) {
      if (vm.state !== 'Stopped') throw errors.paramError(`The name of VM ${vm.name} can only change while it is stopped`, [vm.id]);
      set.name = checkVmName(p.name as string);
      await assertVmNameFree(ctx.db, vm.account_id, set.name, vm.id);
    }
    if (p.displayname !== undefined) set.display_name = p.displayname as string;
    if (p.group !== undefined) set.group_name = (p.group as string) || null;
    if (p.haenable !== undefined) set.ha_enable = p.haenable ? 1 : 0;
    if (p.ostypeid !== undefined) set.guest_os_id = p.ostypeid as string;
    if (p.deleteprotection !== undefined) set.delete_protection = p.deleteprotection ? 1 : 0;
    if (p.displayvm !== undefined) {
      if (!isAdmin(ctx.caller)) throw errors.permissionDenied('Only admins may hide or show a VM to its owner', [vm.id]);
      set.display_vm = p.displayvm ? 1 : 0;
    }
    if (p.userdata !== undefined) Object.assign(set, { user_data: checkUserData(p.userdata as string), user_data_id: null });
    if (p.userdataid !== undefined) {
      const registered = await findUserData(ctx.db, ctx.caller, p.userdataid as string);
      Object.assign(set, { user_data: registered.user_data, user_data_id: registered.id });
    }
    const details = p.details !== undefined ? detailsMap(p.details) : undefined;
    await ctx.db.transaction().execute(async (trx) => {
      if (Object.keys(set).length > 0) await trx.updateTable('vm_instance').set({ ...set, updated: new Date().toISOString() }).where('id', '=', vm.id).execute();
      if (p.cleanupdetails === true || details) await trx.deleteFrom('vm_detail').where('vm_id', '=', vm.id).where('display', '=', 1).execute();
      if (details && Object.keys(details).length > 0) {
        await trx.insertInto('vm_detail').values(Object.entries(details).map(([name, value]) => ({ vm_id: vm.id, name, value, display: 1 }))).execute();
      }
    });
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `updated VM ${vm.name}` };
    return object(await vmResponse(ctx.db, ctx.caller, { ...vm, ...set }));
  },
});

export const getVirtualMachineUserData = defineCommand({
  name: 'getVirtualMachineUserData',
  description: 'Returns the base64 user data of a VM',
  access: access.all,
  params: { virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' } },
  response: { type: 'object', name: 'virtualmachineuserdata' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    return object({ virtualmachineid: vm.id, userdata: vm.user_data ?? undefined });
  },
});

export const updateCommands = [updateVirtualMachine, getVirtualMachineUserData];
