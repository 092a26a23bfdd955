import { z } from 'zod';
import { PowerState } from './common.ts';

/** Liveness check; the answer carries the power state of every guest the host runs, for reconciliation. */
export const PingHost = z.object({ kind: z.literal('PingHost') });
export const PingHostAnswer = z.object({ vmStates: z.record(z.string(), PowerState) });

/** Sent once a host is added or reconnected: the agent answers with what the hardware offers. */
export const ReadyHost = z.object({ kind: z.literal('ReadyHost'), hostId: z.string().min(1), name: z.string() });
export const ReadyHostAnswer = z.object({
  cpuNumber: z.number().int().positive(),
  /** MHz per core. */
  cpuSpeed: z.number().int().positive(),
  memoryBytes: z.number().int().positive(),
  localStorageBytes: z.number().int().nonnegative(),
  hypervisorVersion: z.string(),
  /** Where the host's local primary storage is (KVM); the simulator's is notional. */
  localStoragePath: z.string().optional(),
});

export const GetHostStats = z.object({ kind: z.literal('GetHostStats') });
export const GetHostStatsAnswer = z.object({
  /** Percent of all cores. */
  cpuUtilization: z.number(),
  memoryTotalBytes: z.number(),
  memoryFreeBytes: z.number(),
  networkReadKBs: z.number(),
  networkWriteKBs: z.number(),
  vmCount: z.number().int(),
});
