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
    '-daemonize',
  ];
  // The ROOT disk (device 0) comes first: the BIOS boots the first virtio disk, and the template carries its boot loader.
  for (const disk of [...vm.disks].sort((a, b) => a.deviceId - b.deviceId)) args.push('-drive', driveOption(disk));
  for (const nic of [...vm.nics].sort((a, b) => a.deviceId - b.deviceId)) {
    const tap = taps.get(nic.deviceId);
    if (!tap) throw new Error(`No tap device for NIC ${nic.id} (device ${nic.deviceId}) of ${vm.instanceName}`);
    args.push('-netdev', `tap,id=n${nic.deviceId},ifname=${tap},script=no,downscript=no`);
    args.push('-device', `virtio-net-pci,netdev=n${nic.deviceId},mac=${nic.mac}`);
  }
  return args;
}

function driveOption(disk: DiskSpec): string {
  if (disk.type === 'ISO') return `file=${opt(disk.path)},media=cdrom,readonly=on,format=raw`;
  return `file=${opt(disk.path)},if=virtio,format=qcow2`;
}

/** qemu option values escape a comma by doubling it. */
function opt(value: string): string {
  return value.replaceAll(',', ',,');
}
