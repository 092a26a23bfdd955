import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { hostCpuCapacity, hostMemoryCapacity, poolCapacity } from './capacity.ts';
import { ipToNumber } from './ip.ts';
import { namesOf } from './lookup.ts';
import { vlanCount } from './vlans.ts';

/** CloudStack's capacity types (`Capacity.CAPACITY_TYPE_*`) and the names 4.22 shows for them. */
export const CapacityType = {
  Memory: 0,
  Cpu: 1,
  Storage: 2,
  StorageAllocated: 3,
  PublicIp: 4,
  PrivateIp: 5,
  SecondaryStorage: 6,
  Vlan: 7,
} as const;
const capacityNames = ['MEMORY', 'CPU', 'STORAGE', 'STORAGE_ALLOCATED', 'VIRTUAL_NETWORK_PUBLIC_IP', 'PRIVATE_IP', 'SECONDARY_STORAGE', 'VLAN'];

export interface CapacityFilter {
  zoneId?: string;
  podId?: string;
  clusterId?: string;
  type?: number;
}

/** How many guest VLANs of each zone's physical networks are in use: the network domain knows (its guest_vlan). */
type VlanUse = (db: Kysely<Database>, zoneIds: string[]) => Promise<Map<string, number>>;
let vlanUse: VlanUse = async () => new Map();

export function registerVlanUse(count: VlanUse): void {
  vlanUse = count;
}

interface Figure {
  zoneId: string;
  type: number;
  total: number;
  used: number;
}

/** Totals and use per zone and capacity type, as `listCapacity` and `listZones showcapacities=true` show them. */
export async function capacities(db: Kysely<Database>, f: CapacityFilter): Promise<ResponseObject[]> {
  const wants = (t: number) => f.type === undefined || f.type === t;
  const figures: Figure[] = [];
  if (wants(CapacityType.Memory) || wants(CapacityType.Cpu)) {
    let q = db
      .selectFrom('host')
      .select('host.zone_id')
      .select(sql<number>`SUM(${hostMemoryCapacity()})`.as('mem_total'))
      .select(sql<number>`SUM(host.memory_used)`.as('mem_used'))
      .select(sql<number>`SUM(${hostCpuCapacity()})`.as('cpu_total'))
      .select(sql<number>`SUM(host.cpu_used_mhz)`.as('cpu_used'))
      .where('host.resource_state', '!=', 'Maintenance')
      .groupBy('host.zone_id');
    if (f.zoneId) q = q.where('host.zone_id', '=', f.zoneId);
    if (f.podId) q = q.where('host.pod_id', '=', f.podId);
    if (f.clusterId) q = q.where('host.cluster_id', '=', f.clusterId);
    for (const r of await q.execute()) {
      if (wants(CapacityType.Memory)) figures.push({ zoneId: r.zone_id, type: CapacityType.Memory, total: Number(r.mem_total), used: Number(r.mem_used) });
      if (wants(CapacityType.Cpu)) figures.push({ zoneId: r.zone_id, type: CapacityType.Cpu, total: Number(r.cpu_total), used: Number(r.cpu_used) });
    }
  }
  if (wants(CapacityType.Storage) || wants(CapacityType.StorageAllocated)) {
    let q = db
      .selectFrom('storage_pool')
      .select('storage_pool.zone_id')
      .select(sql<number>`SUM(storage_pool.capacity_bytes)`.as('total'))
      .select(sql<number>`SUM(storage_pool.used_bytes)`.as('used'))
      .select(sql<number>`SUM(${poolCapacity()})`.as('over_total'))
      .select(sql<number>`SUM(storage_pool.allocated_bytes)`.as('allocated'))
      .groupBy('storage_pool.zone_id');
    if (f.zoneId) q = q.where('storage_pool.zone_id', '=', f.zoneId);
    if (f.podId) q = q.where('storage_pool.pod_id', '=', f.podId);
    if (f.clusterId) q = q.where('storage_pool.cluster_id', '=', f.clusterId);
    for (const r of await q.execute()) {
      if (wants(CapacityType.Storage)) figures.push({ zoneId: r.zone_id, type: CapacityType.Storage, total: Number(r.total), used: Number(r.used) });
      if (wants(CapacityType.StorageAllocated)) {
        figures.push({ zoneId: r.zone_id, type: CapacityType.StorageAllocated, total: Number(r.over_total), used: Number(r.allocated) });
      }
    }
  }
  const zoneWide = !f.podId && !f.clusterId;
  if (zoneWide && wants(CapacityType.PublicIp)) {
    let q = db
      .selectFrom('public_ip')
      .select('public_ip.zone_id')
      .select(sql<number>`COUNT(*)`.as('total'))
      .select(sql<number>`SUM(CASE WHEN public_ip.state = 'Free' THEN 0 ELSE 1 END)`.as('used'))
      .groupBy('public_ip.zone_id');
    if (f.zoneId) q = q.where('public_ip.zone_id', '=', f.zoneId);
    for (const r of await q.execute()) figures.push({ zoneId: r.zone_id, type: CapacityType.PublicIp, total: Number(r.total), used: Number(r.used) });
  }
  if (!f.clusterId && wants(CapacityType.PrivateIp)) {
    let q = db.selectFrom('pod').select(['zone_id', 'start_ip', 'end_ip']).where('start_ip', 'is not', null);
    if (f.zoneId) q = q.where('zone_id', '=', f.zoneId);
    if (f.podId) q = q.where('id', '=', f.podId);
    const byZone = new Map<string, number>();
    for (const p of await q.execute()) {
      const size = p.end_ip ? ipToNumber(p.end_ip) - ipToNumber(p.start_ip as string) + 1 : 1;
      byZone.set(p.zone_id, (byZone.get(p.zone_id) ?? 0) + size);
    }
    for (const [zoneId, total] of byZone) figures.push({ zoneId, type: CapacityType.PrivateIp, total, used: 0 });
  }
  if (zoneWide && wants(CapacityType.SecondaryStorage)) {
    let q = db
      .selectFrom('image_store')
      .select('zone_id')
      .select(sql<number>`SUM(capacity_bytes)`.as('total'))
      .select(sql<number>`SUM(used_bytes)`.as('used'))
      .where('zone_id', 'is not', null)
      .groupBy('zone_id');
    if (f.zoneId) q = q.where('zone_id', '=', f.zoneId);
    for (const r of await q.execute()) {
      figures.push({ zoneId: r.zone_id as string, type: CapacityType.SecondaryStorage, total: Number(r.total), used: Number(r.used) });
    }
  }
  if (zoneWide && wants(CapacityType.Vlan)) {
    let q = db.selectFrom('physical_network').select(['zone_id', 'vlan']);
    if (f.zoneId) q = q.where('zone_id', '=', f.zoneId);
    const byZone = new Map<string, number>();
    for (const n of await q.execute()) byZone.set(n.zone_id, (byZone.get(n.zone_id) ?? 0) + vlanCount(n.vlan));
    const used = await vlanUse(db, [...byZone.keys()]);
    for (const [zoneId, total] of byZone) figures.push({ zoneId, type: CapacityType.Vlan, total, used: used.get(zoneId) ?? 0 });
  }
  const zoneNames = await namesOf(db, 'zone', figures.map((x) => x.zoneId));
  const [podNames, clusterNames] = await Promise.all([namesOf(db, 'pod', [f.podId ?? null]), namesOf(db, 'cluster', [f.clusterId ?? null])]);
  return figures
    .sort((a, b) => (zoneNames.get(a.zoneId) ?? '').localeCompare(zoneNames.get(b.zoneId) ?? '') || a.type - b.type)
    .map((x) => ({
      type: x.type,
      name: capacityNames[x.type],
      zoneid: x.zoneId,
      zonename: zoneNames.get(x.zoneId),
      podid: f.podId,
      podname: f.podId ? podNames.get(f.podId) : undefined,
      clusterid: f.clusterId,
      clustername: f.clusterId ? clusterNames.get(f.clusterId) : undefined,
      capacitytotal: Math.round(x.total),
      capacityused: Math.round(x.used),
      capacityallocated: Math.round(x.used),
      percentused: x.total > 0 ? ((x.used / x.total) * 100).toFixed(2) : '0',
    }));
}
