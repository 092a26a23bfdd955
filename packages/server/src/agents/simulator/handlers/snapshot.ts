import { fail, type Handler } from './handler.ts';

export const createSnapshot: Handler<'CreateSnapshot'> = (sim, _host, { volumePath, snapshotId }) => {
  const v = sim.volumes.get(volumePath);
  if (!v) return fail(`Volume ${volumePath} does not exist on primary storage`);
  const path = `${volumePath}@${snapshotId}`;
  const existing = sim.snapshots.get(path);
  if (existing) return { ok: true, path, sizeBytes: existing.sizeBytes };
  sim.snapshots.set(path, { path, volumePath, sizeBytes: v.sizeBytes });
  return { ok: true, path, sizeBytes: v.sizeBytes };
};

export const deleteSnapshot: Handler<'DeleteSnapshot'> = (sim, _host, { path }) => {
  sim.snapshots.delete(path);
  return { ok: true };
};

export const revertSnapshot: Handler<'RevertSnapshot'> = (sim, _host, { volumePath, snapshotPath }) => {
  const v = sim.volumes.get(volumePath);
  const s = sim.snapshots.get(snapshotPath);
  if (!v) return fail(`Volume ${volumePath} does not exist on primary storage`);
  if (!s || s.volumePath !== volumePath) return fail(`Snapshot ${snapshotPath} is not a snapshot of volume ${volumePath}`);
  const user = sim.runningUser(volumePath);
  if (user) return fail(`Volume ${volumePath} is in use by running guest ${user}: stop it before reverting`);
  v.sizeBytes = s.sizeBytes;
  return { ok: true, sizeBytes: s.sizeBytes };
};

export const createVolumeFromSnapshot: Handler<'CreateVolumeFromSnapshot'> = (sim, _host, { volume, snapshotPath }) => {
  const s = sim.snapshots.get(snapshotPath);
  if (!s) return fail(`Snapshot ${snapshotPath} does not exist on primary storage`);
  const path = `${volume.poolId}/${volume.id}`;
  const existing = sim.volumes.get(path);
  if (existing) return { ok: true, path, sizeBytes: existing.sizeBytes };
  sim.volumes.set(path, { path, sizeBytes: s.sizeBytes });
  return { ok: true, path, sizeBytes: s.sizeBytes };
};
