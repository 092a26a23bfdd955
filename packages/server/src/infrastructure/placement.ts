import { sql, type Kysely } from 'kysely';
import { agents } from '../agents/index.ts';
import type { Database } from '../db/schema.ts';
import { globalSetting, hostCpuCapacity, hostMemoryCapacity, poolCapacity, settingSql } from './capacity.ts';
import { settingDefault } from './settings.ts';
import type { PoolRow } from './tables.ts';

export interface PlacementHost {
  id: string;
  name: string;
  clusterId: string;
  podId: string;
  zoneId: string;
  hypervisor: string;
  cpuFreeMhz: number;
  memoryFreeBytes: number;
  tags: string[];
}

export interface HostQuery {
  zoneId: string;
  hostId?: string;
  hostTags?: string[];
  cpuMhz: number;
  memoryBytes: number;
  excludeHostIds?: string[];
  /** For `userdispersing`: how many of the deploying account's VMs each host runs. */
  vmCountByHost?: Map<string, number>;
  /** At most this many hosts, after ordering. */
  limit?: number;
}

export const splitTags = (tags: string): string[] => tags.split(',').map((t) => t.trim()).filter((t) => t !== '');
const hasAll = (have: string[], want: string[] | undefined) => !want || want.every((t) => have.includes(t));

/**
 * Hosts a VM of this size may be placed on, in the order `vm.allocation.algorithm` tries them: Up and Enabled hosts
 * (and not reported Down by their agent) in enabled clusters, pods and zone, with the free CPU and memory (after overprovisioning) and host tags asked, in
 * clusters that the allocation would not take past their disable thresholds.
 */
export async function hostsForPlacement(db: Kysely<Database>, q: HostQuery): Promise<PlacementHost[]> {
  let query = db
    .selectFrom('host')
    .innerJoin('cluster', 'cluster.id', 'host.cluster_id')
    .innerJoin('pod', 'pod.id', 'host.pod_id')
    .innerJoin('zone', 'zone.id', 'host.zone_id')
    .select(['host.id', 'host.name', 'host.cluster_id', 'host.pod_id', 'host.zone_id', 'host.hypervisor', 'host.tags', 'host.created'])
    .select(sql<number>`${hostCpuCapacity()} - host.cpu_used_mhz`.as('cpu_free'))
    .select(sql<number>`${hostMemoryCapacity()} - host.memory_used`.as('memory_free'))
    .where('host.zone_id', '=', q.zoneId)
    .where('host.state', '=', 'Up')
    .where('host.resource_state', '=', 'Enabled')
    .where('cluster.allocation_state', '=', 'Enabled')
    .where('pod.allocation_state', '=', 'Enabled')
    .where('zone.allocation_state', '=', 'Enabled')
    .where(sql<boolean>`${hostCpuCapacity()} - host.cpu_used_mhz >= ${q.cpuMhz}`)
    .where(sql<boolean>`${hostMemoryCapacity()} - host.memory_used >= ${q.memoryBytes}`);
  if (q.hostId) query = query.where('host.id', '=', q.hostId);
  if (q.excludeHostIds?.length) query = query.where('host.id', 'not in', q.excludeHostIds);
  const rows = (await query.orderBy('host.created').orderBy('host.id').execute()).filter((r) => hasAll(splitTags(r.tags), q.hostTags) && agents().stateOf(r.id) !== 'Down');
  const open = await clustersUnderThreshold(db, [...new Set(rows.map((r) => r.cluster_id))], q.cpuMhz, q.memoryBytes);
  const hosts = rows
    .filter((r) => open.has(r.cluster_id))
    .map((r) => ({
      id: r.id,
      name: r.name,
      clusterId: r.cluster_id,
      podId: r.pod_id,
      zoneId: r.zone_id,
      hypervisor: r.hypervisor,
      cpuFreeMhz: Number(r.cpu_free),
      memoryFreeBytes: Number(r.memory_free),
      tags: splitTags(r.tags),
    }));
  const ordered = orderHosts(await globalSetting(db, 'vm.allocation.algorithm', 'random'), hosts, q.vmCountByHost);
  return q.limit === undefined ? ordered : ordered.slice(0, q.limit);
}

/** Orders placement candidates (given in first-fit order) as the allocation algorithm says. */
export function orderHosts(algorithm: string, hosts: PlacementHost[], vmCountByHost?: Map<string, number>): PlacementHost[] {
  switch (algorithm) {
    case 'firstfit':
      return hosts;
    case 'firstfitleastconsumed':
      return [...hosts].sort((a, b) => b.cpuFreeMhz - a.cpuFreeMhz || b.memoryFreeBytes - a.memoryFreeBytes);
    case 'userdispersing': {
      const count = (h: PlacementHost) => vmCountByHost?.get(h.id) ?? 0;
      return [...hosts].sort((a, b) => count(a) - count(b));
    }
    default: {
      const out = [...hosts];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    }
  }
}

/** Clusters whose allocated CPU and memory, with this request added, stay within their disable thresholds. */
async function clustersUnderThreshold(db: Kysely<Database>, clusterIds: string[], cpuMhz: number, memoryBytes: number): Promise<Set<string>> {
  if (clusterIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('host')
    .select('host.cluster_id')
    .select(sql<number>`SUM(host.cpu_used_mhz)`.as('cpu_used'))
    .select(sql<number>`SUM(${hostCpuCapacity()})`.as('cpu_total'))
    .select(sql<number>`SUM(host.memory_used)`.as('memory_used'))
    .select(sql<number>`SUM(${hostMemoryCapacity()})`.as('memory_total'))
    .select(sql<number>`MAX(${settingSql('cluster.cpu.allocated.capacity.disablethreshold', 'cluster', 'host.cluster_id')})`.as('cpu_threshold'))
    .select(sql<number>`MAX(${settingSql('cluster.memory.allocated.capacity.disablethreshold', 'cluster', 'host.cluster_id')})`.as('memory_threshold'))
    .where('host.cluster_id', 'in', clusterIds)
    .groupBy('host.cluster_id')
    .execute();
  const open = new Set<string>();
  for (const r of rows) {
    const cpuOk = (Number(r.cpu_used) + cpuMhz) / Number(r.cpu_total) <= Number(r.cpu_threshold ?? settingDefault('cluster.cpu.allocated.capacity.disablethreshold'));
    const memOk = (Number(r.memory_used) + memoryBytes) / Number(r.memory_total) <= Number(r.memory_threshold ?? settingDefault('cluster.memory.allocated.capacity.disablethreshold'));
    if (cpuOk && memOk) open.add(r.cluster_id);
  }
  return open;
}

export interface PoolQuery {
  zoneId: string;
  clusterId?: string;
  tags?: string[];
  sizeBytes: number;
  /** Local storage: only the HOST-scoped pools (of the cluster, when given). */
  local?: boolean;
  hostId?: string;
}

/**
 * Primary storage pools a volume of this size may go to: Up pools of the zone (zone-wide, or of the cluster), with
 * the tags asked, room after overprovisioning, and allocation staying under the pool's disable threshold; least
 * allocated first.
 */
export async function poolsForPlacement(db: Kysely<Database>, q: PoolQuery): Promise<PoolRow[]> {
  const threshold = settingSql('pool.storage.allocated.capacity.disablethreshold', 'storagepool', 'storage_pool.id');
  let query = db
    .selectFrom('storage_pool')
    .selectAll()
    .where('zone_id', '=', q.zoneId)
    .where('state', '=', 'Up')
    .where(sql<boolean>`allocated_bytes + ${q.sizeBytes} <= ${poolCapacity()}`)
    .where(sql<boolean>`allocated_bytes + ${q.sizeBytes} <= ${poolCapacity()} * ${threshold}`);
  if (q.local) {
    query = query.where('scope', '=', 'HOST');
    if (q.hostId) query = query.where('host_id', '=', q.hostId);
  } else {
    query = query.where('scope', 'in', ['ZONE', 'CLUSTER']);
  }
  if (q.clusterId) query = query.where((eb) => eb.or([eb('scope', '=', 'ZONE'), eb('cluster_id', '=', q.clusterId as string)]));
  const rows = await query.orderBy(sql`CAST(allocated_bytes AS DOUBLE PRECISION) / NULLIF(capacity_bytes, 0)`).orderBy('id').execute();
  return rows.filter((p) => hasAll(splitTags(p.tags), q.tags));
}
