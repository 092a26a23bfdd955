import type { Kysely } from 'kysely';
import type { AgentCommand, AnswerOf, DiskSpec, PowerState } from '@nimbus/protocol';
import type { Database } from '../db/schema.ts';
import { errors } from '../kernel/errors.ts';
import { agents } from '../agents/index.ts';
import { hostsForPlacement } from '../infrastructure/index.ts';

/** The primary storage pool an operation works on: enough to find a host that reaches it. */
export interface PoolRef {
  id: string;
  zone_id: string;
  cluster_id: string | null;
  /** Local storage: the one host that has it. */
  host_id: string | null;
  /** Where hosts find the pool: a directory (local, or mounted at the same path on every host of its cluster). */
  path: string;
}

/** The template a ROOT disk is a linked clone of: where the pool keeps it, and where a host fetches it from. */
export interface TemplateSource {
  path: string;
  url?: string;
}

/**
 * What storage asks of primary storage and hypervisors. The simulator implementation below sends agent commands;
 * the storage issue adds drivers for real files behind the same interface.
 */
export interface StorageDriver {
  createVolume(pool: PoolRef, volume: { id: string; name: string; sizeBytes: number }, template?: TemplateSource): Promise<{ path: string; sizeBytes: number }>;
  /** A new volume on the snapshot's pool holding the snapshot's content (a full copy, independent of the snapshot). */
  createVolumeFromSnapshot(pool: PoolRef, volume: { id: string; name: string; sizeBytes: number }, snapshotPath: string): Promise<{ path: string; sizeBytes: number }>;
  deleteVolume(pool: PoolRef, path: string): Promise<void>;
  resizeVolume(pool: PoolRef, path: string, sizeBytes: number, shrinkOk: boolean): Promise<number>;
  attachVolume(hostId: string, instanceName: string, disk: DiskSpec): Promise<void>;
  detachVolume(hostId: string, instanceName: string, path: string): Promise<void>;
  createSnapshot(pool: PoolRef, volumePath: string, snapshotId: string): Promise<{ path: string; sizeBytes: number }>;
  deleteSnapshot(pool: PoolRef, path: string): Promise<void>;
  revertSnapshot(pool: PoolRef, volumePath: string, snapshotPath: string): Promise<number>;
  createVmSnapshot(hostId: string, instanceName: string, snapshotId: string, memory: boolean): Promise<void>;
  revertVmSnapshot(hostId: string, instanceName: string, snapshotId: string): Promise<PowerState>;
  deleteVmSnapshot(hostId: string, instanceName: string, snapshotId: string): Promise<void>;
  /** Where a volume, or the pool's copy of a template, can be streamed from for a download (extract*). */
  prepareDownload(pool: PoolRef, what: { volumePath: string } | { templatePath: string; sizeBytes: number }): Promise<DownloadSource>;
}

/** A file a host streams for a download: the host, the path PrepareDownload answered, and its virtual size. */
export interface DownloadSource {
  hostId: string;
  path: string;
  virtualSizeBytes: number;
}

const TIMEOUT_MS = 60_000;

/**
 * Sends each operation to a host that reaches the pool: the pool's own host (local storage), else any Up host of
 * its cluster (or of the zone, for zone-wide pools). Simulator and KVM hosts answer the same commands.
 */
export function hostDriver(db: Kysely<Database>): StorageDriver {
  async function hostFor(pool: PoolRef): Promise<string> {
    if (pool.host_id) return pool.host_id;
    const [host] = await hostsForPlacement(db, { zoneId: pool.zone_id, clusterId: pool.cluster_id ?? undefined, cpuMhz: 0, memoryBytes: 0, limit: 1 });
    if (!host) throw errors.unavailable(`No host is up to reach storage pool ${pool.id}`, [pool.id]);
    return host.id;
  }
  const send = <C extends AgentCommand>(hostId: string, cmd: C): Promise<AnswerOf<C>> => agents().send(hostId, cmd, { timeoutMs: TIMEOUT_MS });
  const onPool = async <C extends AgentCommand>(pool: PoolRef, cmd: C): Promise<AnswerOf<C>> => send(await hostFor(pool), cmd);
  return {
    async createVolume(pool, v, template) {
      const volume = { id: v.id, name: v.name, poolId: pool.id, poolPath: pool.path, sizeBytes: v.sizeBytes };
      const a = await onPool(pool, { kind: 'CreateVolume', volume, templatePath: template?.path, templateUrl: template?.url });
      return { path: a.path, sizeBytes: a.sizeBytes };
    },
    async createVolumeFromSnapshot(pool, v, snapshotPath) {
      const volume = { id: v.id, name: v.name, poolId: pool.id, poolPath: pool.path, sizeBytes: v.sizeBytes };
      const a = await onPool(pool, { kind: 'CreateVolumeFromSnapshot', volume, snapshotPath });
      return { path: a.path, sizeBytes: a.sizeBytes };
    },
    async deleteVolume(pool, path) {
      await onPool(pool, { kind: 'DeleteVolume', path });
    },
    async resizeVolume(pool, path, sizeBytes, shrinkOk) {
      return (await onPool(pool, { kind: 'ResizeVolume', path, sizeBytes, shrinkOk })).sizeBytes;
    },
    async attachVolume(hostId, instanceName, disk) {
      await send(hostId, { kind: 'AttachVolume', instanceName, disk });
    },
    async detachVolume(hostId, instanceName, path) {
      await send(hostId, { kind: 'DetachVolume', instanceName, path });
    },
    async createSnapshot(pool, volumePath, snapshotId) {
      const a = await onPool(pool, { kind: 'CreateSnapshot', volumePath, snapshotId });
      return { path: a.path, sizeBytes: a.sizeBytes };
    },
    async deleteSnapshot(pool, path) {
      await onPool(pool, { kind: 'DeleteSnapshot', path });
    },
    async revertSnapshot(pool, volumePath, snapshotPath) {
      return (await onPool(pool, { kind: 'RevertSnapshot', volumePath, snapshotPath })).sizeBytes;
    },
    async createVmSnapshot(hostId, instanceName, snapshotId, memory) {
      await send(hostId, { kind: 'CreateVmSnapshot', instanceName, snapshotId, memory });
    },
    async revertVmSnapshot(hostId, instanceName, snapshotId) {
      return (await send(hostId, { kind: 'RevertVmSnapshot', instanceName, snapshotId })).powerState;
    },
    async deleteVmSnapshot(hostId, instanceName, snapshotId) {
      await send(hostId, { kind: 'DeleteVmSnapshot', instanceName, snapshotId });
    },
    async prepareDownload(pool, what) {
      const hostId = await hostFor(pool);
      const template = 'templatePath' in what ? { poolId: pool.id, poolPath: pool.path, templatePath: what.templatePath, sizeBytes: what.sizeBytes } : undefined;
      const a = await send(hostId, { kind: 'PrepareDownload', volumePath: 'volumePath' in what ? what.volumePath : undefined, template });
      return { hostId, path: a.path, virtualSizeBytes: a.virtualSizeBytes };
    },
  };
}
