import { z } from 'zod';
import { DiskSpec, Empty, VolumeSpec } from './common.ts';

const path = z.string().min(1);

/**
 * Creates a volume on primary storage; with `templatePath`, a linked clone of that template (a ROOT disk). A host
 * that does not hold the template yet on the pool fetches it from `templateUrl` first.
 */
export const CreateVolume = z.object({
  kind: z.literal('CreateVolume'),
  volume: VolumeSpec,
  templatePath: z.string().optional(),
  templateUrl: z.string().optional(),
});
export const CreateVolumeAnswer = z.object({ path, sizeBytes: z.number().int().nonnegative() });

/** Deleting a volume that does not exist succeeds; one attached to a running guest is refused. */
export const DeleteVolume = z.object({ kind: z.literal('DeleteVolume'), path });
export const DeleteVolumeAnswer = Empty;

/** Shrinking needs `shrinkOk` (CloudStack's `shrinkok`). */
export const ResizeVolume = z.object({ kind: z.literal('ResizeVolume'), path, sizeBytes: z.number().int().positive(), shrinkOk: z.boolean() });
export const ResizeVolumeAnswer = z.object({ sizeBytes: z.number().int().positive() });

/** Hot-plugs a disk into a running guest. */
export const AttachVolume = z.object({ kind: z.literal('AttachVolume'), instanceName: z.string().min(1), disk: DiskSpec });
export const AttachVolumeAnswer = z.object({ deviceId: z.number().int().nonnegative() });

export const DetachVolume = z.object({ kind: z.literal('DetachVolume'), instanceName: z.string().min(1), path });
export const DetachVolumeAnswer = Empty;
