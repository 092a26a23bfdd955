import type { DiskSpec, VmSpec } from '@nimbus/protocol';
import type { RunFiles } from './run-files.ts';

const MiB = 1024 * 1024;
// The Debian cloud kernel of our templates needs 80 MiB to decompress itself; below that the guest silently resets.
const minMemoryMiB = 80;

/** The full qemu command line of a guest; `taps` maps a NIC's deviceId to its tap device. */
export function qemuArgs(vm: VmSpec, files: RunFiles, accel: string[], taps: Map<number, string>): string[] {
  const args = [
    '-name', vm.instanceName,
    ...accel,
    '-m', String(Math.max(minMemoryMiB, Math.floor(vm.memory / MiB))),
    '-smp', String(vm.cpu),
    '-nodefaults', '-no-user-config', '-display', 'none',
    '-serial', `file:${files.log}`,
    '-pidfile', files.pid,
    '-qmp', `unix:${opt(files.qmp)},server=on,wait=off`,
    '-vnc', `unix:${opt(files.vnc)}`,
    // The console (noVNC through the server) shows the guest's own screen, not QEMU's "no graphic display device".
    '-device', 'VGA,addr=0x02',
    '-daemonize',
  ];
  // The ROOT disk boots (bootindex): the template carries its own boot loader, so there is no -kernel.
  for (const disk of [...vm.disks].sort((a, b) => a.deviceId - b.deviceId)) args.push(...diskArgs(disk));
  for (const nic of [...vm.nics].sort((a, b) => a.deviceId - b.deviceId)) {
    const tap = taps.get(nic.deviceId);
    if (!tap) throw new Error(`No tap device for NIC ${nic.id} (device ${nic.deviceId}) of ${vm.instanceName}`);
    args.push('-netdev', `tap,id=n${nic.deviceId},ifname=${tap},script=no,downscript=no`);
    args.push('-device', `virtio-net-pci,netdev=n${nic.deviceId},mac=${nic.mac},addr=${pciSlot('nic', nic.deviceId)}`);
  }
  return args;
}

// Slot 0 is the host bridge, slot 1 the PIIX3 (ISA, IDE, ACPI) and slot 2 the VGA; NICs take the next 8 slots, disks the 21 after.
const firstSlot = { nic: 3, disk: 11 };
const slotCount = { nic: 8, disk: 21 };

/**
 * A fixed PCI slot per NIC and disk device id. Live migration needs the target's devices at the source's addresses,
 * and the target gets every disk on its command line, also those the source hot-plugged later (which qemu would
 * otherwise put in the next free slot).
 */
export function pciSlot(kind: 'nic' | 'disk', deviceId: number): string {
  if (deviceId >= slotCount[kind]) throw new Error(`A guest has room for ${slotCount[kind]} ${kind === 'nic' ? 'NICs' : 'virtio disks'} (device ids 0-${slotCount[kind] - 1}); device id ${deviceId} is too high`);
  return `0x${(firstSlot[kind] + deviceId).toString(16).padStart(2, '0')}`;
}

/** qemu's names for a disk: its block backend and its device, which hot-unplug addresses. */
export function diskIds(deviceId: number): { drive: string; device: string } {
  return { drive: `drive${deviceId}`, device: `disk${deviceId}` };
}

function diskArgs(disk: DiskSpec): string[] {
  const { drive, device } = diskIds(disk.deviceId);
  if (disk.type === 'ISO') {
    return ['-drive', `file=${opt(disk.path)},if=none,id=${drive},media=cdrom,readonly=on,format=raw`, '-device', `ide-cd,drive=${drive},id=${device}`];
  }
  // A named device (rather than if=virtio) so that a data disk given at start can be hot-unplugged later.
  const boot = disk.type === 'ROOT' ? ',bootindex=0' : '';
  return ['-drive', `file=${opt(disk.path)},if=none,id=${drive},format=qcow2`, '-device', `virtio-blk-pci,drive=${drive},id=${device},addr=${pciSlot('disk', disk.deviceId)}${boot}`];
}

/** qemu option values escape a comma by doubling it. */
function opt(value: string): string {
  return value.replaceAll(',', ',,');
}
