import { fail, type Handler } from './handler.ts';

export const createVolume: Handler<'CreateVolume'> = (sim, _host, { volume, templatePath }) => {
  const path = `${volume.poolId}/${volume.id}`;
  const existing = sim.volumes.get(path);
  // A retried create answers what the first one made.
  if (existing) return { ok: true, path, sizeBytes: existing.sizeBytes };
  sim.volumes.set(path, { path, sizeBytes: volume.sizeBytes, templatePath });
  return { ok: true, path, sizeBytes: volume.sizeBytes };
};

export const deleteVolume: Handler<'DeleteVolume'> = (sim, _host, { path }) => {
  const user = sim.runningUser(path);
  if (user) return fail(`Volume ${path} is in use by running guest ${user}`);
  sim.volumes.delete(path);
  return { ok: true };
};

export const resizeVolume: Handler<'ResizeVolume'> = (sim, _host, { path, sizeBytes, shrinkOk }) => {
  const v = sim.volumes.get(path);
  if (!v) return fail(`Volume ${path} does not exist on primary storage`);
  if (sizeBytes < v.sizeBytes && !shrinkOk) return fail(`Shrinking volume ${path} from ${v.sizeBytes} to ${sizeBytes} bytes needs shrinkok`);
  v.sizeBytes = sizeBytes;
  return { ok: true, sizeBytes };
};

export const attachVolume: Handler<'AttachVolume'> = (sim, host, { instanceName, disk }) => {
  const vm = host.vms?.get(instanceName);
  if (!vm) return fail(`${instanceName} is not running on host ${host.name}`);
  const v = sim.volumes.get(disk.path);
  if (!v) return fail(`Volume ${disk.path} does not exist on primary storage`);
  const user = sim.runningUser(disk.path);
  if (user && user !== instanceName) return fail(`Volume ${disk.path} is in use by running guest ${user}`);
  if (vm.disks.some((d) => d.path === disk.path)) return { ok: true, deviceId: disk.deviceId };
  if (vm.disks.some((d) => d.deviceId === disk.deviceId)) return fail(`Device ${disk.deviceId} of ${instanceName} is taken`);
  vm.disks.push(disk);
  v.attachedTo = instanceName;
  return { ok: true, deviceId: disk.deviceId };
};

export const detachVolume: Handler<'DetachVolume'> = (sim, host, { instanceName, path }) => {
  const vm = host.vms?.get(instanceName);
  if (!vm) return fail(`${instanceName} is not running on host ${host.name}`);
  const at = vm.disks.findIndex((d) => d.path === path);
  if (at < 0) return fail(`Volume ${path} is not attached to ${instanceName}`);
  vm.disks.splice(at, 1);
  const v = sim.volumes.get(path);
  if (v) v.attachedTo = undefined;
  return { ok: true };
};
