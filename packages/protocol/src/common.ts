import { z } from 'zod';

/** A hypervisor's view of a guest: CloudStack's VirtualMachine.PowerState values the server reconciles against. */
export const PowerState = z.enum(['PowerOn', 'PowerOff']);
export type PowerState = z.infer<typeof PowerState>;

const id = z.string().min(1);
const count = z.number().int().nonnegative();

/** A disk as a guest sees it: `path` is where the host finds it (from CreateVolume's answer). */
export const DiskSpec = z.object({
  volumeId: id,
  path: id,
  type: z.enum(['ROOT', 'DATADISK', 'ISO']),
  sizeBytes: count,
  deviceId: count,
});
export type DiskSpec = z.infer<typeof DiskSpec>;

/** A guest NIC; `broadcastUri` is CloudStack's form (`vlan://100`), absent on untagged networks. */
export const NicSpec = z.object({
  id,
  networkId: id,
  mac: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/),
  ip: z.string().optional(),
  netmask: z.string().optional(),
  gateway: z.string().optional(),
  broadcastUri: z.string().optional(),
  /** With `vxlan://<vni>`: the addresses of the other hosts that carry the network (where the bridge floods). */
  peers: z.array(z.string()).optional(),
  isDefault: z.boolean(),
  deviceId: count,
});
export type NicSpec = z.infer<typeof NicSpec>;

/** Everything a host needs to run a guest: `speed` in MHz per vCPU, `memory` in bytes. */
export const VmSpec = z.object({
  id,
  instanceName: id,
  cpu: z.number().int().positive(),
  speed: z.number().int().positive(),
  memory: z.number().int().positive(),
  disks: z.array(DiskSpec),
  nics: z.array(NicSpec),
  /** Base64, as the API received it. */
  userdata: z.string().optional(),
  vncPassword: z.string().optional(),
});
export type VmSpec = z.infer<typeof VmSpec>;

/** A volume to create on a primary storage pool. */
export const VolumeSpec = z.object({
  id,
  name: z.string(),
  poolId: id,
  /** Where the pool is on the host (a directory: local, or the same shared mount on every host of the cluster). */
  poolPath: z.string().optional(),
  sizeBytes: count,
  format: z.enum(['QCOW2', 'RAW']).optional(),
});
export type VolumeSpec = z.infer<typeof VolumeSpec>;

export const Failure = z.object({ ok: z.literal(false), error: z.string() });
/** Every answer that failed: the agent says why, in words an operator can act on. */
export type Failure = z.infer<typeof Failure>;

export const Empty = z.object({});
