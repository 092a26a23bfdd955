import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { agents } from '../../agents/index.ts';
import { isRootAdmin } from '../../identity/scope.ts';
import { startVm, stopVm } from '../lifecycle.ts';
import { vmResponse } from '../vm-response.ts';
import { findVmForAction } from '../vms.ts';
import { transition } from '../vm-state.ts';

const idParam = { id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' } } as const;
const jobInstance = { type: 'VirtualMachine', idParam: 'id' };

export const startVirtualMachine = defineCommand({
  name: 'startVirtualMachine',
  description: 'Starts a stopped VM on a host with room for it',
  access: access.all,
  async: true,
  event: 'VM.START',
  jobInstance,
  params: { ...idParam, hostid: { type: 'uuid', entity: 'Host', description: 'Root admins: the host to start the VM on' } },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    if (p.hostid && !isRootAdmin(ctx.caller)) throw errors.permissionDenied('Only root admins may choose the host of a VM');
    transition(vm, 'StartRequested');
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `starting VM ${vm.name}` };
    const started = await startVm(ctx, vm, { hostId: p.hostid as string | undefined });
    return object(await vmResponse(ctx.db, ctx.caller, started));
  },
});

export const stopVirtualMachine = defineCommand({
  name: 'stopVirtualMachine',
  description: 'Stops a running VM; forced=true pulls the plug, and gives the VM up even when its host is unreachable',
  access: access.all,
  async: true,
  event: 'VM.STOP',
  jobInstance,
  params: { ...idParam, forced: { type: 'boolean', description: 'Force the stop' } },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    transition(vm, 'StopRequested');
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `stopping VM ${vm.name}` };
    const stopped = await stopVm(ctx, vm, p.forced === true);
    return object(await vmResponse(ctx.db, ctx.caller, stopped));
  },
});

export const rebootVirtualMachine = defineCommand({
  name: 'rebootVirtualMachine',
  description: 'Reboots a running VM on its host',
  access: access.all,
  async: true,
  event: 'VM.REBOOT',
  jobInstance,
  params: idParam,
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    if (vm.state !== 'Running' || !vm.host_id) throw errors.paramError(`Unable to reboot VM ${vm.name}: it is in state ${vm.state}`, [vm.id]);
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `rebooting VM ${vm.name}` };
    await agents().send(vm.host_id, { kind: 'RebootVm', instanceName: vm.instance_name }, { timeoutMs: 60_000 });
    return object(await vmResponse(ctx.db, ctx.caller, vm));
  },
});

export const powerCommands = [startVirtualMachine, stopVirtualMachine, rebootVirtualMachine];
