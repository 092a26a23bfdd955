import { z } from 'zod';
import { Empty, VolumeSpec } from './common.ts';

const path = z.string().min(1);

/** A point-in-time copy of one volume. */
export const CreateSnapshot = z.object({ kind: z.literal('CreateSnapshot'), volumePath: path, snapshotId: z.string().min(1) });
export const CreateSnapshotAnswer = z.object({ path, sizeBytes: z.number().int().nonnegative() });

/** Deleting a snapshot that does not exist succeeds. */
export const DeleteSnapshot = z.object({ kind: z.literal('DeleteSnapshot'), path });
export const DeleteSnapshotAnswer = Empty;

/** Puts the volume back to the snapshot's content; refused while a running guest uses the volume. */
export const RevertSnapshot = z.object({ kind: z.literal('RevertSnapshot'), volumePath: path, snapshotPath: path });
export const RevertSnapshotAnswer = z.object({ sizeBytes: z.number().int().nonnegative() });

/**
 * A new volume with a snapshot's content, on the snapshot's pool: a full copy, so that the snapshot can be deleted
 * later without the volume. A volume file that exists already is answered as it is (a retried command is harmless).
 */
export const CreateVolumeFromSnapshot = z.object({ kind: z.literal('CreateVolumeFromSnapshot'), volume: VolumeSpec, snapshotPath: path });
export const CreateVolumeFromSnapshotAnswer = z.object({ path, sizeBytes: z.number().int().nonnegative() });
