import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { findVmForAction } from '../../compute/index.ts';
import { attachVolumeToVm, detachVolumeFromVm } from '../attach.ts';
import { findVolume, volumeResponses } from '../volumes.ts';

export const attachVolume = defineCommand({
  name: 'attachVolume',
  description: 'Attaches a data disk to a Running or Stopped VM',
  access: access.all,
  async: true,
  event: 'VOLUME.ATTACH',
  jobInstance: { type: 'Volume', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Volume', required: true, description: 'The ID of the disk volume' },
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The ID of the VM' },
    deviceid: { type: 'long', description: 'The device slot (1-15, not 3); the lowest free one by default' },
  },
  response: { type: 'object', name: 'volume' },
  async handler(ctx, p) {
    const { domain_path, ...volume } = await findVolume(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: volume.account_id, domainPath: domain_path }, 'volume');
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    ctx.event = { ...ctx.event, resourceType: 'Volume', resourceId: volume.id, description: `attached volume ${volume.name} to VM ${vm.name}` };
    const attached = await attachVolumeToVm(ctx, volume, vm, p.deviceid as number | undefined);
    const [response] = await volumeResponses(ctx.db, [attached]);
    return object(response);
  },
});

export const detachVolume = defineCommand({
  name: 'detachVolume',
  description: 'Detaches a data disk from its VM: by volume id, or by VM and device id',
  access: access.all,
  async: true,
  event: 'VOLUME.DETACH',
  jobInstance: { type: 'Volume', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Volume', description: 'The ID of the disk volume' },
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', description: 'The ID of the VM (with deviceid)' },
    deviceid: { type: 'long', description: 'The device slot of the volume (with virtualmachineid)' },
  },
  response: { type: 'object', name: 'volume' },
  async handler(ctx, p) {
    let volumeId = p.id as string | undefined;
    if (!volumeId) {
      if (!p.virtualmachineid || p.deviceid === undefined) throw errors.paramError('Give id, or virtualmachineid and deviceid');
      const vm = await findVmForAction(ctx, p.virtualmachineid as string);
      const at = await ctx.db.selectFrom('volume').select('id').where('vm_id', '=', vm.id).where('device_id', '=', p.deviceid as number).executeTakeFirst();
      if (!at) throw errors.paramError(`VM ${vm.name} has no volume at device ${p.deviceid as number}`, [vm.id]);
      volumeId = at.id;
    }
    const { domain_path, ...volume } = await findVolume(ctx.db, volumeId);
    assertAccess(ctx.caller, { accountId: volume.account_id, domainPath: domain_path }, 'volume');
    if (!volume.vm_id) throw errors.paramError(`Volume ${volume.name} is not attached to any VM`, [volume.id]);
    const vm = await findVmForAction(ctx, volume.vm_id);
    ctx.event = { ...ctx.event, resourceType: 'Volume', resourceId: volume.id, description: `detached volume ${volume.name} from VM ${vm.name}` };
    const detached = await detachVolumeFromVm(ctx, volume, vm);
    const [response] = await volumeResponses(ctx.db, [detached]);
    return object(response);
  },
});
