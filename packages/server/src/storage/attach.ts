import type { CommandContext } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import type { Database } from '../db/schema.ts';
import { hostDriver } from './driver.ts';
import type { VolumeRow } from './volumes.ts';

type VmRow = Database['vm_instance'];

/** Device ids a data disk may take: 1 to 15, without 3, which CloudStack keeps for the CD-ROM. */
export const DATA_DEVICE_IDS = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

function assertAttachable(vm: VmRow, doing: string): void {
  if (vm.state !== 'Running' && vm.state !== 'Stopped') {
    throw errors.paramError(`Cannot ${doing} a volume while VM ${vm.name} is ${vm.state}: it must be Running or Stopped`, [vm.id]);
  }
}

/**
 * Attaches a data disk: in the database for a stopped VM, and hot-plugged through the driver for a running one,
 * both in one transaction so that a refused hot-plug leaves the volume detached.
 */
export async function attachVolumeToVm(ctx: CommandContext, volume: VolumeRow, vm: VmRow, deviceId: number | undefined): Promise<VolumeRow> {
  if (volume.type === 'ROOT') throw errors.paramError(`Volume ${volume.name} is a ROOT volume; only data disks can be attached`, [volume.id]);
  if (volume.vm_id) throw errors.paramError(`Volume ${volume.name} is already attached to a VM`, [volume.id]);
  if (volume.state !== 'Ready') throw errors.paramError(`Volume ${volume.name} is ${volume.state}, not Ready`, [volume.id]);
  if (volume.account_id !== vm.account_id) throw errors.paramError('The volume and the VM must belong to the same account', [volume.id, vm.id]);
  if (volume.zone_id !== vm.zone_id) throw errors.paramError('The volume and the VM must be in the same zone', [volume.id, vm.id]);
  assertAttachable(vm, 'attach');
  if (deviceId !== undefined && !DATA_DEVICE_IDS.includes(deviceId)) {
    throw errors.paramError(`Invalid deviceid ${deviceId}: data disks take 1 to 15, except 3 (the CD-ROM)`);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const taken = new Set((await trx.selectFrom('volume').select('device_id').where('vm_id', '=', vm.id).execute()).map((v) => v.device_id));
    const device = deviceId ?? DATA_DEVICE_IDS.find((d) => !taken.has(d));
    if (device === undefined) throw errors.paramError(`VM ${vm.name} has no free device slot for another data disk`, [vm.id]);
    if (taken.has(device)) throw errors.paramError(`Device ${device} of VM ${vm.name} is taken`, [vm.id]);
    const attached = new Date().toISOString();
    const moved = await trx
      .updateTable('volume')
      .set({ vm_id: vm.id, device_id: device, attached })
      .where('id', '=', volume.id)
      .where('vm_id', 'is', null)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw errors.paramError(`Volume ${volume.name} is already attached to a VM`, [volume.id]);
    if (vm.state === 'Running' && vm.host_id) {
      await hostDriver(trx).attachVolume(vm.host_id, vm.instance_name, {
        volumeId: volume.id,
        path: volume.path ?? volume.id,
        type: 'DATADISK',
        sizeBytes: volume.size,
        deviceId: device,
      });
    }
    return { ...volume, vm_id: vm.id, device_id: device, attached };
  });
}

/** Detaches a data disk, unplugging it from a running VM first. */
export async function detachVolumeFromVm(ctx: CommandContext, volume: VolumeRow, vm: VmRow): Promise<VolumeRow> {
  if (volume.type === 'ROOT') throw errors.paramError(`Volume ${volume.name} is a ROOT volume and cannot be detached`, [volume.id]);
  assertAttachable(vm, 'detach');
  return ctx.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('volume')
      .set({ vm_id: null, device_id: null, attached: null })
      .where('id', '=', volume.id)
      .where('vm_id', '=', vm.id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw errors.paramError(`Volume ${volume.name} is not attached to VM ${vm.name}`, [volume.id]);
    if (vm.state === 'Running' && vm.host_id) await hostDriver(trx).detachVolume(vm.host_id, vm.instance_name, volume.path ?? volume.id);
    return { ...volume, vm_id: null, device_id: null, attached: null };
  });
}
