import { z } from 'zod';
import { Empty, PowerState } from './common.ts';

const instanceName = z.string().min(1);
const snapshotId = z.string().min(1);

/** A snapshot of all a guest's disks, with its memory when `memory` is true (the guest must then be running). */
export const CreateVmSnapshot = z.object({ kind: z.literal('CreateVmSnapshot'), instanceName, snapshotId, memory: z.boolean() });
export const CreateVmSnapshotAnswer = z.object({ sizeBytes: z.number().int().nonnegative() });

/** After a revert the guest is in the power state the snapshot recorded: running for a memory snapshot, else stopped. */
export const RevertVmSnapshot = z.object({ kind: z.literal('RevertVmSnapshot'), instanceName, snapshotId });
export const RevertVmSnapshotAnswer = z.object({ powerState: PowerState });

export const DeleteVmSnapshot = z.object({ kind: z.literal('DeleteVmSnapshot'), instanceName, snapshotId });
export const DeleteVmSnapshotAnswer = Empty;
