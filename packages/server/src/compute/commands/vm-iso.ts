import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { findTemplateForDeploy } from '../../images/index.ts';
import { vmResponse } from '../vm-response.ts';
import { claimState, findVmForAction, type VmRow } from '../vms.ts';

function assertAttachable(vm: VmRow): void {
  if (vm.state !== 'Running' && vm.state !== 'Stopped') {
    throw errors.paramError(`Unable to attach or detach an ISO on VM ${vm.name}: it is in state ${vm.state}`, [vm.id]);
  }
}

export const attachIso = defineCommand({
  name: 'attachIso',
  description: 'Attaches an ISO that is ready in the VM\'s zone to a running or stopped VM',
  access: access.all,
  async: true,
  event: 'ISO.ATTACH',
  jobInstance: { type: 'VirtualMachine', idParam: 'virtualmachineid' },
  params: {
    id: { type: 'uuid', entity: 'Template', required: true, description: 'The ISO id' },
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    assertAttachable(vm);
    const iso = await findTemplateForDeploy(ctx.db, p.id as string, vm.zone_id, ctx.caller);
    if (iso.format !== 'ISO') throw errors.paramError(`${iso.name} is a template, not an ISO`, [iso.id]);
    if (vm.iso_id) throw errors.paramError(`VM ${vm.name} already has an ISO attached; detach it first`, [vm.id]);
    const updated = await claimState(ctx.db, vm, vm.state as 'Running' | 'Stopped', { iso_id: iso.id });
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `attached ISO ${iso.name} to VM ${vm.name}` };
    return object(await vmResponse(ctx.db, ctx.caller, updated));
  },
});

export const detachIso = defineCommand({
  name: 'detachIso',
  description: 'Detaches the ISO attached to a VM',
  access: access.all,
  async: true,
  event: 'ISO.DETACH',
  jobInstance: { type: 'VirtualMachine', idParam: 'virtualmachineid' },
  params: { virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' } },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    assertAttachable(vm);
    if (!vm.iso_id) throw errors.paramError(`VM ${vm.name} has no ISO attached`, [vm.id]);
    const updated = await claimState(ctx.db, vm, vm.state as 'Running' | 'Stopped', { iso_id: null });
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `detached the ISO of VM ${vm.name}` };
    return object(await vmResponse(ctx.db, ctx.caller, updated));
  },
});

export const isoCommands = [attachIso, detachIso];
