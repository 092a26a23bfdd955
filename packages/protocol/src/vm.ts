import { z } from 'zod';
import { Empty, VmSpec } from './common.ts';

const instanceName = z.string().min(1);

/** Starts a guest; starting one that already runs on this host succeeds (a retried command must be harmless). */
export const StartVm = z.object({ kind: z.literal('StartVm'), vm: VmSpec });
export const StartVmAnswer = z.object({ vncPort: z.number().int() });

/** Stops a guest; `force` pulls the plug instead of asking the guest OS. Stopping a guest that is not running succeeds. */
export const StopVm = z.object({ kind: z.literal('StopVm'), instanceName, force: z.boolean() });
export const StopVmAnswer = Empty;

export const RebootVm = z.object({ kind: z.literal('RebootVm'), instanceName });
export const RebootVmAnswer = Empty;

/**
 * The target's half of a live migration: plugs the guest's NICs and starts a QEMU with the same spec, paused and
 * waiting for the guest's state on `port` of the host's address. StopVm (forced) on the target abandons it.
 */
export const PrepareMigration = z.object({ kind: z.literal('PrepareMigration'), vm: VmSpec });
export const PrepareMigrationAnswer = z.object({ port: z.number().int().min(0).max(65535) });

/**
 * Live-migrates a running guest to `targetHost` (its host id): a real agent sends the guest's state to
 * `targetAddress:targetPort` (from PrepareMigration), waits until it has moved, then ends its own QEMU and taps.
 * Disks stay where they are: the pool is shared by both hosts.
 */
export const MigrateVm = z.object({
  kind: z.literal('MigrateVm'),
  instanceName,
  targetHost: z.string().min(1),
  targetAddress: z.string().optional(),
  targetPort: z.number().int().optional(),
});
export const MigrateVmAnswer = Empty;

export const VmStats = z.object({
  cpuUtilization: z.number(),
  memoryKBs: z.number(),
  memoryIntFreeKBs: z.number(),
  networkReadKBs: z.number(),
  networkWriteKBs: z.number(),
  diskReadKBs: z.number(),
  diskWriteKBs: z.number(),
});
export type VmStats = z.infer<typeof VmStats>;

/** Statistics of the named guests that run on the host; guests not running there are left out of the answer. */
export const GetVmStats = z.object({ kind: z.literal('GetVmStats'), instanceNames: z.array(instanceName) });
export const GetVmStatsAnswer = z.object({ stats: z.record(z.string(), VmStats) });
