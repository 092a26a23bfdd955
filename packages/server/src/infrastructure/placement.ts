import { sql, type Kysely, type RawBuilder } from 'kysely';
import { agents } from '../agents/index.ts';
import type { Database } from '../db/schema.ts';
import { escapeLike } from '../db/text.ts';
import { poolCapacity, settingSql } from './capacity.ts';
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
  /** Only hosts of this cluster (e.g. one that reaches a cluster-wide pool). */
  clusterId?: string;
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

type SettingRow = { name: string; scope: string; scope_id: string; value: string };

/**
 * A cluster-scoped setting as a SQL expression over `column`: the global value (or default) with a CASE for the few
 * clusters that override it. Settings are read once per call, so that a placement over thousands of hosts does
 * plain arithmetic per row instead of looking settings up per row.
 */
function clusterSettingSql(rows: SettingRow[], name: string, column: string): RawBuilder<number> {
  const global = Number(rows.find((r) => r.name === name && r.scope === 'global')?.value ?? settingDefault(name));
  const overrides = rows.filter((r) => r.name === name && r.scope === 'cluster');
  if (overrides.length === 0) return sql<number>`${sql.lit(global)}`;
  const whens = overrides.map((o) => sql`WHEN ${o.scope_id} THEN ${sql.lit(Number(o.value))}`);
  return sql<number>`(CASE ${sql.ref(column)} ${sql.join(whens, sql` `)} ELSE ${sql.lit(global)} END)`;
}

/**
 * Hosts a VM of this size may be placed on, in the order `vm.allocation.algorithm` tries them: Up and Enabled hosts
 * (and not reported Down by their agent) in enabled clusters, pods and zone, with the free CPU and memory (after
 * overprovisioning) and host tags asked, in clusters that the allocation would not take past their disable
 * thresholds.
 */
export async function hostsForPlacement(db: Kysely<Database>, q: HostQuery): Promise<PlacementHost[]> {
  const zone = await db.selectFrom('zone').select('allocation_state').where('id', '=', q.zoneId).executeTakeFirst();
  if (zone?.allocation_state !== 'Enabled') return [];
  const names = ['cpu.overprovisioning.factor', 'mem.overprovisioning.factor', 'cluster.cpu.allocated.capacity.disablethreshold', 'cluster.memory.allocated.capacity.disablethreshold'];
  const settings = await db
    .selectFrom('configuration_value')
    .select(['name', 'scope', 'scope_id', 'value'])
    .where('name', 'in', [...names, 'vm.allocation.algorithm'])
    .where('scope', 'in', ['global', 'cluster'])
    .execute();
  const [cpuFactor, memFactor, cpuThreshold, memThreshold] = names.map((n) => clusterSettingSql(settings, n, 'host.cluster_id'));
  const cpuCapacity = sql<number>`(host.cpu_number * host.cpu_speed * ${cpuFactor})`;
  const memCapacity = sql<number>`(host.memory_total * ${memFactor})`;
  const algorithm = settings.find((r) => r.name === 'vm.allocation.algorithm' && r.scope === 'global')?.value ?? 'random';
  let query = db
    .selectFrom('host')
    .select(['host.id', 'host.name', 'host.cluster_id', 'host.pod_id', 'host.zone_id', 'host.hypervisor', 'host.tags'])
    .select(sql<number>`${cpuCapacity} - host.cpu_used_mhz`.as('cpu_free'))
    .select(sql<number>`${memCapacity} - host.memory_used`.as('memory_free'))
    .where('host.zone_id', '=', q.zoneId)
    .where('host.state', '=', 'Up')
    .where('host.resource_state', '=', 'Enabled')
    .where('host.cluster_id', 'not in', db.selectFrom('cluster').select('id').where('zone_id', '=', q.zoneId).where('allocation_state', '!=', 'Enabled'))
    .where('host.pod_id', 'not in', db.selectFrom('pod').select('id').where('zone_id', '=', q.zoneId).where('allocation_state', '!=', 'Enabled'))
    .where(sql<boolean>`${cpuCapacity} - host.cpu_used_mhz >= ${q.cpuMhz}`)
    .where(sql<boolean>`${memCapacity} - host.memory_used >= ${q.memoryBytes}`);
  if (q.hostId) query = query.where('host.id', '=', q.hostId);
  if (q.clusterId) query = query.where('host.cluster_id', '=', q.clusterId);
  if (q.excludeHostIds?.length) query = query.where('host.id', 'not in', q.excludeHostIds);
  for (const tag of q.hostTags ?? []) query = query.where(sql<boolean>`(',' || host.tags || ',') LIKE ${`%,${escapeLike(tag)},%`} ESCAPE '\\'`);
  switch (algorithm) {
    case 'firstfit':
    case 'userdispersing':
      query = query.orderBy('host.created').orderBy('host.id');
      break;
    case 'firstfitleastconsumed':
      query = query.orderBy(sql`${cpuCapacity} - host.cpu_used_mhz`, 'desc').orderBy(sql`${memCapacity} - host.memory_used`, 'desc').orderBy('host.id');
      break;
    default:
      // With a limit, a random start in the id order, wrapping around, then shuffled: O(limit) on the primary key
      // instead of sorting every candidate by random().
      query = q.limit === undefined ? query.orderBy(sql`random()`) : query.orderBy('host.id');
  }
  // Hosts the agent gateway knows to be Down are dropped after the query: a few spare rows make up for them.
  const wanted = q.limit === undefined || algorithm === 'userdispersing' ? undefined : q.limit + 16;
  if (wanted !== undefined) query = query.limit(wanted);
  const randomWindow = algorithm === 'random' && wanted !== undefined;
  const fetch = async (base: typeof query) => {
    if (!randomWindow) return base.execute();
    const pivot = crypto.randomUUID();
    const after = await base.where('host.id', '>=', pivot).execute();
    const before = after.length < (wanted as number) ? await base.where('host.id', '<', pivot).limit((wanted as number) - after.length).execute() : [];
    return shuffle([...after, ...before]);
  };
  // Only the clusters of the candidates are checked against their disable thresholds; when that closes some,
  // the candidates are fetched again without them.
  const closed = new Set<string>();
  let rows: Awaited<ReturnType<typeof query.execute>>;
  for (;;) {
    rows = await fetch(closed.size ? query.where('host.cluster_id', 'not in', [...closed]) : query);
    const newly = await closedClusters(db, [...new Set(rows.map((r) => r.cluster_id))], q, { cpuCapacity, memCapacity, cpuThreshold, memThreshold });
    if (newly.length === 0) break;
    for (const c of newly) closed.add(c);
  }
  const hosts = rows
    .filter((r) => (agents().stateOf(r.id) ?? 'Up') === 'Up')
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
  if (algorithm === 'userdispersing') {
    const count = (h: PlacementHost) => q.vmCountByHost?.get(h.id) ?? 0;
    hosts.sort((a, b) => count(a) - count(b));
  }
  return q.limit === undefined ? hosts : hosts.slice(0, q.limit);
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Those of these clusters whose allocated CPU or memory, with the request added, would pass the disable threshold. */
async function closedClusters(
  db: Kysely<Database>,
  clusterIds: string[],
  q: HostQuery,
  x: { cpuCapacity: RawBuilder<number>; memCapacity: RawBuilder<number>; cpuThreshold: RawBuilder<number>; memThreshold: RawBuilder<number> },
): Promise<string[]> {
  // Asking for nothing (a host to run a storage command on) allocates nothing, so no threshold can close a cluster.
  if (clusterIds.length === 0 || (q.cpuMhz <= 0 && q.memoryBytes <= 0)) return [];
  const rows = await db
    .selectFrom('host')
    .select('host.cluster_id')
    .where('host.cluster_id', 'in', clusterIds)
    .groupBy('host.cluster_id')
    .having(
      sql<boolean>`SUM(host.cpu_used_mhz) + ${q.cpuMhz} > SUM(${x.cpuCapacity}) * MAX(${x.cpuThreshold}) OR SUM(host.memory_used) + ${q.memoryBytes} > SUM(${x.memCapacity}) * MAX(${x.memThreshold})`,
    )
    .execute();
  return rows.map((r) => r.cluster_id);
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
