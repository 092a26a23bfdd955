import { mkdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { VolumeSpec } from '@nimbus/protocol';
import { exists } from './files.ts';
import { convertToQcow2, createLinkedClone, createQcow2, imageInfo, resizeImage } from './qemu-img.ts';
import { ensureTemplate } from './template-cache.ts';

/** A volume's file on its pool: `<pool>/<volume id>.qcow2`. */
export function volumeFile(poolPath: string, volumeId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(volumeId)) throw new Error(`Volume id ${JSON.stringify(volumeId)} is not usable as a file name`);
  return join(poolPath, `${volumeId}.qcow2`);
}

/**
 * Creates a volume: an empty qcow2, or a linked clone of a template (fetched onto the pool on first use) grown to the
 * size asked for. A volume file that exists already is answered as it is, so that a retried command is harmless.
 */
export async function createVolumeFile(volume: VolumeSpec, templatePath?: string, templateUrl?: string): Promise<{ path: string; sizeBytes: number }> {
  const { pool, path } = await volumePlace(volume);
  if (!(await exists(path))) {
    const temp = `${path}.creating`;
    if (templatePath) {
      const template = await ensureTemplate(pool, templatePath, templateUrl);
      await createLinkedClone(temp, template);
      const { virtualSize } = await imageInfo(temp);
      if (volume.sizeBytes > virtualSize) await resizeImage(temp, volume.sizeBytes, false);
    } else {
      await createQcow2(temp, volume.sizeBytes);
    }
    // Renamed into place only when complete: a crash half-way leaves no volume that a retry would take as done.
    await rename(temp, path);
  }
  return { path, sizeBytes: (await imageInfo(path)).virtualSize };
}

/** Where a new volume goes on its pool (made if missing); KVM hosts need the pool's absolute path. */
async function volumePlace(volume: VolumeSpec): Promise<{ pool: string; path: string }> {
  if (!volume.poolPath) throw new Error(`Cannot create volume ${volume.name} (${volume.id}): the command names no pool path, which KVM hosts need`);
  if (!isAbsolute(volume.poolPath)) throw new Error(`Cannot create volume ${volume.name}: pool path ${volume.poolPath} is not absolute`);
  const pool = resolve(volume.poolPath);
  await mkdir(pool, { recursive: true });
  return { pool, path: volumeFile(pool, volume.id) };
}

/**
 * Creates a volume holding a snapshot's content: a full qcow2 copy of the snapshot file, written aside and renamed
 * into place when complete. An existing volume file is answered as it is, like `createVolumeFile`.
 */
export async function createVolumeFromSnapshotFile(volume: VolumeSpec, snapshotPath: string): Promise<{ path: string; sizeBytes: number }> {
  if (!isAbsolute(snapshotPath)) throw new Error(`Cannot create volume ${volume.name} from snapshot ${snapshotPath}: the path is not absolute`);
  if (!(await exists(snapshotPath))) throw new Error(`Cannot create volume ${volume.name}: snapshot ${snapshotPath} does not exist on this host`);
  const { path } = await volumePlace(volume);
  if (!(await exists(path))) {
    const temp = `${path}.creating`;
    try {
      await convertToQcow2(snapshotPath, temp);
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
  }
  return { path, sizeBytes: (await imageInfo(path)).virtualSize };
}

/** Grows (or, with `shrinkOk`, shrinks) a volume; answers the new virtual size. */
export async function resizeVolumeFile(path: string, sizeBytes: number, shrinkOk: boolean): Promise<number> {
  const { virtualSize } = await imageInfo(path);
  if (sizeBytes < virtualSize && !shrinkOk) {
    throw new Error(`Refusing to shrink ${path} from ${virtualSize} to ${sizeBytes} bytes: shrinking loses data (shrinkok is not set)`);
  }
  if (sizeBytes !== virtualSize) await resizeImage(path, sizeBytes, sizeBytes < virtualSize);
  return (await imageInfo(path)).virtualSize;
}
