import { fail, type Handler } from './handler.ts';

const key = (instanceName: string, snapshotId: string) => `${instanceName}/${snapshotId}`;

export const createVmSnapshot: Handler<'CreateVmSnapshot'> = (sim, host, { instanceName, snapshotId, memory }) => {
  const vm = host.vms?.get(instanceName);
  if (memory && !vm) return fail(`A snapshot with memory needs ${instanceName} running on host ${host.name}`);
  const disks = new Map<string, number>();
  for (const v of sim.volumes.values()) if (v.attachedTo === instanceName) disks.set(v.path, v.sizeBytes);
  sim.vmSnapshots.set(key(instanceName, snapshotId), { disks, memoryOf: memory ? vm : undefined });
  let sizeBytes = memory && vm ? vm.spec.memory : 0;
  for (const size of disks.values()) sizeBytes += size;
  return { ok: true, sizeBytes };
};

export const revertVmSnapshot: Handler<'RevertVmSnapshot'> = (sim, host, { instanceName, snapshotId }) => {
  const snap = sim.vmSnapshots.get(key(instanceName, snapshotId));
  if (!snap) return fail(`${instanceName} has no snapshot ${snapshotId}`);
  const elsewhere = sim.running.get(instanceName);
  if (elsewhere && elsewhere !== host.id) return fail(`${instanceName} runs on another host; revert it there`);
  sim.stopVm(host, instanceName);
  for (const [path, size] of snap.disks) {
    const v = sim.volumes.get(path);
    if (v) v.sizeBytes = size;
  }
  if (!snap.memoryOf) return { ok: true, powerState: 'PowerOff' };
  sim.runVm(host, snap.memoryOf.spec).disks = [...snap.memoryOf.disks];
  return { ok: true, powerState: 'PowerOn' };
};

export const deleteVmSnapshot: Handler<'DeleteVmSnapshot'> = (sim, _host, { instanceName, snapshotId }) => {
  sim.vmSnapshots.delete(key(instanceName, snapshotId));
  return { ok: true };
};
