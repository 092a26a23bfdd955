import { rm } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { guestUsingDisk } from '../hypervisor/kvm/guests.ts';
import { attachDisk, detachDisk } from '../hypervisor/kvm/hotplug.ts';
import { createVolumeFile, createVolumeFromSnapshotFile, resizeVolumeFile } from '../storage/volumes.ts';
import type { AgentHandler } from './handler.ts';

export const createVolume: AgentHandler<'CreateVolume'> = async (_ctx, { volume, templatePath, templateUrl }) =>
  createVolumeFile(volume, templatePath, templateUrl);

export const createVolumeFromSnapshot: AgentHandler<'CreateVolumeFromSnapshot'> = async (_ctx, { volume, snapshotPath }) =>
  createVolumeFromSnapshotFile(volume, snapshotPath);

export const deleteVolume: AgentHandler<'DeleteVolume'> = async (ctx, { path }) => {
  if (!isAbsolute(path)) throw new Error(`Cannot delete volume ${path}: the path is not absolute`);
  const user = await guestUsingDisk(ctx, path);
  if (user) throw new Error(`Cannot delete volume ${path}: running guest ${user} uses it (stop the guest or detach the volume first)`);
  await rm(path, { force: true });
  return {};
};

export const resizeVolume: AgentHandler<'ResizeVolume'> = async (_ctx, { path, sizeBytes, shrinkOk }) => ({
  sizeBytes: await resizeVolumeFile(path, sizeBytes, shrinkOk),
});

export const attachVolume: AgentHandler<'AttachVolume'> = async (ctx, { instanceName, disk }) => ({
  deviceId: await attachDisk(ctx, instanceName, disk),
});

export const detachVolume: AgentHandler<'DetachVolume'> = async (ctx, { instanceName, path }) => {
  await detachDisk(ctx, instanceName, path);
  return {};
};
