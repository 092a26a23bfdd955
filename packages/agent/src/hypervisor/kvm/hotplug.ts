import type { DiskSpec } from '@nimbus/protocol';
import type { AgentContext } from '../../handlers/handler.ts';
import { findGuest, writeRecord, type Guest } from './guests.ts';
import { qmp } from './qmp.ts';
import { diskIds, pciSlot } from './qemu-args.ts';
import { serialised } from './serialised.ts';

/** Hot-plugs a qcow2 volume into a running guest as a virtio disk; one attached already is answered as it is. */
export function attachDisk(ctx: AgentContext, instanceName: string, disk: DiskSpec): Promise<number> {
  return serialised(instanceName, async () => {
    const guest = await running(ctx, instanceName, `attach ${disk.path} to`);
    const disks = guest.record?.vm.disks ?? [];
    const same = disks.find((d) => d.path === disk.path);
    if (same) return same.deviceId;
    if (disks.some((d) => d.deviceId === disk.deviceId)) throw new Error(`Cannot attach ${disk.path} to ${instanceName}: device ${disk.deviceId} is taken`);
    const { drive, device } = diskIds(disk.deviceId);
    await qmp(guest.files.qmp, [
      { execute: 'blockdev-add', arguments: { driver: 'qcow2', 'node-name': drive, file: { driver: 'file', filename: disk.path } } },
    ]).catch((e: Error) => {
      throw new Error(`Cannot attach ${disk.path} to ${instanceName}: ${e.message}`);
    });
    try {
      await qmp(guest.files.qmp, [{ execute: 'device_add', arguments: { driver: 'virtio-blk-pci', drive, id: device, addr: pciSlot('disk', disk.deviceId) } }]);
    } catch (e) {
      await qmp(guest.files.qmp, [{ execute: 'blockdev-del', arguments: { 'node-name': drive } }]).catch(() => undefined);
      throw new Error(`Cannot attach ${disk.path} to ${instanceName}: ${(e as Error).message}`);
    }
    if (guest.record) await writeRecord(guest.files, { ...guest.record, vm: { ...guest.record.vm, disks: [...disks, disk] } });
    return disk.deviceId;
  });
}

export interface DetachOptions {
  /** How long the guest OS may take to release the device (10 s). */
  timeoutMs?: number;
}

/** Hot-unplugs a disk; the guest OS must release the PCI device. A disk the guest does not have is fine. */
export function detachDisk(ctx: AgentContext, instanceName: string, path: string, opts: DetachOptions = {}): Promise<void> {
  return serialised(instanceName, async () => {
    const guest = await running(ctx, instanceName, `detach ${path} from`);
    const disks = guest.record?.vm.disks ?? [];
    const disk = disks.find((d) => d.path === path);
    if (!disk) return;
    if (disk.type === 'ROOT') throw new Error(`Cannot detach ${path} from ${instanceName}: it is the ROOT disk`);
    const { drive, device } = diskIds(disk.deviceId);
    await qmp(guest.files.qmp, [{ execute: 'device_del', arguments: { id: device } }]).catch((e: Error) => {
      // Gone already (an earlier detach whose answer was lost): only the record is left to update.
      if (!/not found/i.test(e.message)) throw new Error(`Cannot detach ${path} from ${instanceName}: ${e.message}`);
    });
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    while (await hasDevice(guest, device)) {
      if (Date.now() > deadline) throw new Error(`Cannot detach ${path} from ${instanceName}: the guest OS did not release device ${device} (no PCI hot-unplug support, or busy)`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // A hot-plugged disk's block node outlives its device; one given at start went with it.
    await qmp(guest.files.qmp, [{ execute: 'blockdev-del', arguments: { 'node-name': drive } }]).catch(() => undefined);
    if (guest.record) await writeRecord(guest.files, { ...guest.record, vm: { ...guest.record.vm, disks: disks.filter((d) => d !== disk) } });
  });
}

async function running(ctx: AgentContext, instanceName: string, what: string): Promise<Guest> {
  const guest = await findGuest(ctx, instanceName);
  if (!guest) throw new Error(`Cannot ${what} ${instanceName}: it is not running on this host`);
  return guest;
}

async function hasDevice(guest: Guest, device: string): Promise<boolean> {
  const [children] = (await qmp(guest.files.qmp, [{ execute: 'qom-list', arguments: { path: '/machine/peripheral' } }])) as [{ name: string }[]];
  return children.some((c) => c.name === device);
}
