import type { Kysely } from 'kysely';
import type { DiskSpec, NicSpec, VmSpec } from '@nimbus/protocol';
import type { Database } from '../db/schema.ts';
import { networkTransport, nicsOfVms } from '../network/index.ts';
import { volumesOfVm } from '../storage/index.ts';
import { MiB, type VmRow } from './vms.ts';

/** What the host `vm.host_id` needs to run the VM: its size, its disks where storage put them, its NICs and how they reach the other hosts. */
export async function vmSpec(db: Kysely<Database>, vm: VmRow): Promise<VmSpec> {
  const [volumes, nics] = await Promise.all([volumesOfVm(db, vm.id), nicsOfVms(db, [vm.id])]);
  const vmNics = nics.get(vm.id) ?? [];
  const transport = vm.host_id ? await networkTransport(db, [...new Set(vmNics.map((n) => n.networkid as string))], vm.host_id) : new Map();
  const disks: DiskSpec[] = volumes.map((v) => ({
    volumeId: v.id,
    path: v.path ?? v.id,
    type: v.type === 'ROOT' ? 'ROOT' : 'DATADISK',
    sizeBytes: v.size,
    deviceId: v.device_id ?? 0,
  }));
  const nicSpecs: NicSpec[] = vmNics.map((n) => ({
    id: n.id as string,
    networkId: n.networkid as string,
    mac: n.macaddress as string,
    ip: n.ipaddress as string | undefined,
    netmask: n.netmask as string | undefined,
    gateway: n.gateway as string | undefined,
    broadcastUri: transport.get(n.networkid as string)?.broadcastUri,
    peers: transport.get(n.networkid as string)?.peers,
    isDefault: n.isdefault === true,
    deviceId: Number(n.deviceid ?? 0),
  }));
  return {
    id: vm.id,
    instanceName: vm.instance_name,
    cpu: vm.cpu_number,
    speed: vm.cpu_speed,
    memory: vm.memory * MiB,
    disks,
    nics: nicSpecs,
    userdata: vm.user_data ?? undefined,
  };
}
