import { defineCommand, object, type CommandContext, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { releaseResources, reserveResources } from '../../identity/index.ts';
import { findServiceOffering } from '../../offerings/index.ts';
import { detailsMap, sizingOf } from '../deploy-input.ts';
import { vmResponse } from '../vm-response.ts';
import { claimState, findVmForAction, type VmRow } from '../vms.ts';

const params = {
  id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
  serviceofferingid: { type: 'uuid', entity: 'ServiceOffering', required: true, description: 'The new service offering' },
  details: { type: 'map', description: 'cpuNumber, cpuSpeed and memory for a customised offering' },
} as const;

/**
 * Moves a stopped VM to another offering, counting the difference in CPUs and memory against the owner's limits
 * (532 when over). Running VMs are refused: the simulator and KVM hosts here do not scale a running guest.
 */
async function changeOffering(ctx: CommandContext, p: Params): Promise<VmRow> {
  const vm = await findVmForAction(ctx, p.id as string);
  if (vm.state !== 'Stopped') {
    throw errors.paramError(`Unable to scale VM ${vm.name}: it is in state ${vm.state}; stop it first, running VMs are not dynamically scalable here`, [vm.id]);
  }
  const offering = await findServiceOffering(ctx.db, p.serviceofferingid as string, ctx.caller);
  if (offering.id === vm.service_offering_id && !offering.customized) {
    throw errors.paramError(`VM ${vm.name} already has service offering ${offering.name}`, [vm.id]);
  }
  const size = sizingOf(offering, detailsMap(p.details));
  const cpu = size.cpuNumber - vm.cpu_number;
  const memory = size.memory - vm.memory;
  const changed = await ctx.db.transaction().execute(async (trx) => {
    await reserveResources(trx, vm.account_id, { cpu: Math.max(cpu, 0), memory: Math.max(memory, 0) });
    await releaseResources(trx, vm.account_id, { cpu: Math.max(-cpu, 0), memory: Math.max(-memory, 0) });
    // Re-claiming the same state fails if a start slipped in meanwhile.
    return claimState(trx, vm, 'Stopped', { service_offering_id: offering.id, host_tags: offering.host_tags, cpu_number: size.cpuNumber, cpu_speed: size.cpuSpeed, memory: size.memory });
  });
  ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `changed VM ${vm.name} to service offering ${offering.name}` };
  return changed;
}

export const changeServiceForVirtualMachine = defineCommand({
  name: 'changeServiceForVirtualMachine',
  description: 'Changes the service offering of a stopped VM',
  access: access.all,
  event: 'VM.UPGRADE',
  params,
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    return object(await vmResponse(ctx.db, ctx.caller, await changeOffering(ctx, p)));
  },
});

export const scaleVirtualMachine = defineCommand({
  name: 'scaleVirtualMachine',
  description: 'Scales a stopped VM to another service offering',
  access: access.all,
  async: true,
  event: 'VM.DYNAMIC.SCALE',
  jobInstance: { type: 'VirtualMachine', idParam: 'id' },
  params,
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    return object(await vmResponse(ctx.db, ctx.caller, await changeOffering(ctx, p)));
  },
});

export const scaleCommands = [changeServiceForVirtualMachine, scaleVirtualMachine];
