import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from '../kernel/errors.ts';
import type { ClusterRow, HostRow, ImageStoreRow, PhysicalNetworkRow, PodRow, PoolRow, VlanIpRangeRow, ZoneRow } from './tables.ts';

type Lookup<T> = (db: Kysely<Database>, id: string) => Promise<T>;

/** A row by id, or the 431 CloudStack answers for an unknown id of this kind. */
function finder<T>(table: keyof Database, what: string): Lookup<T> {
  return async (db, id) => {
    const row = await db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw errors.notFound(what, id);
    return row as T;
  };
}

export const findZone: Lookup<ZoneRow> = finder('zone', 'zone');
export const findPod: Lookup<PodRow> = finder('pod', 'pod');
export const findCluster: Lookup<ClusterRow> = finder('cluster', 'cluster');
export const findHost: Lookup<HostRow> = finder('host', 'host');
export const findPool: Lookup<PoolRow> = finder('storage_pool', 'storage pool');
export const findImageStore: Lookup<ImageStoreRow> = finder('image_store', 'image store');
export const findPhysicalNetwork: Lookup<PhysicalNetworkRow> = finder('physical_network', 'physical network');
export const findVlanIpRange: Lookup<VlanIpRangeRow> = finder('vlan_ip_range', 'vlan ip range');

/** Names by id, for the `zonename`/`podname`/`clustername` fields of responses. */
export async function namesOf(db: Kysely<Database>, table: 'zone' | 'pod' | 'cluster' | 'host', ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const zoneNames = (db: Kysely<Database>, ids: string[]) => namesOf(db, 'zone', ids);

export async function hostSummary(db: Kysely<Database>, ids: string[]): Promise<Map<string, { name: string }>> {
  const names = await namesOf(db, 'host', ids);
  return new Map([...names].map(([id, name]) => [id, { name }]));
}

export async function imageStoresOfZone(db: Kysely<Database>, zoneId: string): Promise<ImageStoreRow[]> {
  return db.selectFrom('image_store').selectAll().where((eb) => eb.or([eb('zone_id', '=', zoneId), eb('zone_id', 'is', null)])).orderBy('created').execute();
}

/** Allocation states CloudStack accepts, normalised from any case. */
export function allocationState(command: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const v = String(value).toLowerCase();
  if (v === 'enabled') return 'Enabled';
  if (v === 'disabled') return 'Disabled';
  throw errors.invalidParam(command, 'allocationstate', String(value), 'expected Enabled or Disabled');
}
