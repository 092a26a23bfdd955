import { sql, type SqlBool } from 'kysely';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { findCluster, findPool, findZone } from '../lookup.ts';
import { poolResponses } from '../responses.ts';
import type { PoolRow } from '../tables.ts';
import { assertNameFree, oneOf } from '../validate.ts';
import { hypervisorTypes } from './clusters.ts';

/** What the simulator reports for a pool created without `capacitybytes`. */
const DEFAULT_POOL_BYTES = 10 * 1024 ** 4;

const schemes: Record<string, string> = { nfs: 'NetworkFilesystem', file: 'Filesystem', sharedmountpoint: 'SharedMountPoint', iscsi: 'IscsiLUN', rbd: 'RBD', gluster: 'Gluster' };

/** Splits a primary storage URL (`nfs://10.147.28.6:/export/home/sandbox/primary`) into type, server and path. */
function parsePoolUrl(text: string): { type: string; ip: string; path: string } {
  const m = /^([a-z]+):\/\/([^/:]*):?(\/.*)?$/i.exec(text);
  const type = m ? schemes[m[1].toLowerCase()] : undefined;
  if (!m || !type) throw errors.invalidParam('createStoragePool', 'url', text, `expected a URL such as nfs://server/path (schemes: ${Object.keys(schemes).join(', ')})`);
  return { type, ip: m[2] || 'localhost', path: m[3] ?? '/' };
}

export const createStoragePool = defineCommand({
  name: 'createStoragePool',
  description: 'Adds a primary storage pool to a cluster, or zone-wide with scope=zone',
  access: access.rootAdmin,
  event: 'STORAGE.POOL.CREATE',
  params: {
    zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone of the pool' },
    podid: { type: 'uuid', entity: 'Pod', description: 'The pod of a cluster-wide pool' },
    clusterid: { type: 'uuid', entity: 'Cluster', description: 'The cluster of a cluster-wide pool' },
    name: { type: 'string', required: true, description: 'The name of the pool' },
    url: { type: 'string', required: true, length: 1024, description: 'The URL of the pool, e.g. nfs://10.147.28.6:/export/home/sandbox/primary' },
    scope: { type: 'string', description: 'cluster (default with clusterid) or zone' },
    tags: { type: 'string', description: 'Storage tags, comma-separated' },
    capacitybytes: { type: 'long', description: 'The size of the pool in bytes (the simulator reports 10 TiB otherwise)' },
    hypervisor: { type: 'string', description: 'For zone-wide pools: the hypervisor whose hosts use it' },
    provider: { type: 'string', description: 'The storage provider: DefaultPrimary' },
  },
  response: { type: 'object', name: 'storagepool' },
  async handler(ctx, p) {
    const c = 'createStoragePool';
    const zone = await findZone(ctx.db, p.zoneid as string);
    const scope = oneOf(c, 'scope', p.scope ?? (p.clusterid ? 'CLUSTER' : 'ZONE'), ['CLUSTER', 'ZONE']) as string;
    const cluster = scope === 'CLUSTER' ? (p.clusterid ? await findCluster(ctx.db, p.clusterid as string) : undefined) : undefined;
    if (scope === 'CLUSTER' && !cluster) throw errors.missingParam(c, 'clusterid');
    if (cluster && cluster.zone_id !== zone.id) throw errors.paramError(`Cluster ${cluster.name} does not belong to zone ${zone.name}`);
    if (cluster && p.podid && cluster.pod_id !== p.podid) throw errors.paramError(`Cluster ${cluster.name} does not belong to pod ${String(p.podid)}`);
    const { type, ip, path } = parsePoolUrl(p.url as string);
    const capacity = (p.capacitybytes as number | undefined) ?? DEFAULT_POOL_BYTES;
    if (capacity <= 0) throw errors.invalidParam(c, 'capacitybytes', String(capacity), 'must be positive');
    const name = String(p.name).trim();
    const row: PoolRow = {
      id: crypto.randomUUID(),
      name,
      zone_id: zone.id,
      pod_id: cluster?.pod_id ?? null,
      cluster_id: cluster?.id ?? null,
      host_id: null,
      scope,
      type,
      url: p.url as string,
      ip_address: ip,
      path,
      provider: (p.provider as string | undefined) ?? 'DefaultPrimary',
      hypervisor: cluster?.hypervisor ?? oneOf(c, 'hypervisor', p.hypervisor, hypervisorTypes) ?? null,
      capacity_bytes: capacity,
      used_bytes: 0,
      allocated_bytes: 0,
      tags: String(p.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean).join(','),
      state: 'Up',
      created: new Date().toISOString(),
    };
    await assertNameFree(ctx.db, 'storage_pool', 'storage pool', name, { column: 'zone_id', id: zone.id });
    await ctx.db.insertInto('storage_pool').values(row).execute();
    ctx.event = { ...ctx.event, resourceType: 'StoragePool', resourceId: row.id, description: `created storage pool ${name}` };
    const [response] = await poolResponses(ctx.db, [row.id]);
    return object(response);
  },
});

export const updateStoragePool = defineCommand({
  name: 'updateStoragePool',
  description: 'Updates a primary storage pool: name, tags, capacity, or enabled for new volumes',
  access: access.rootAdmin,
  event: 'STORAGE.POOL.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'StoragePool', required: true, description: 'The ID of the pool' },
    name: { type: 'string', description: 'The new name of the pool' },
    tags: { type: 'list', description: 'Storage tags, replacing the old ones' },
    capacitybytes: { type: 'long', description: 'The new size of the pool in bytes' },
    enabled: { type: 'boolean', description: 'false: no new volumes go to the pool (Disabled)' },
  },
  response: { type: 'object', name: 'storagepool' },
  async handler(ctx, p) {
    const pool = await findPool(ctx.db, p.id as string);
    const set: Partial<PoolRow> = {};
    if (p.name !== undefined) {
      set.name = String(p.name).trim();
      await assertNameFree(ctx.db, 'storage_pool', 'storage pool', set.name, { column: 'zone_id', id: pool.zone_id }, pool.id);
    }
    if (p.tags !== undefined) set.tags = (p.tags as string[]).join(',');
    if (p.capacitybytes !== undefined) {
      if ((p.capacitybytes as number) < Number(pool.used_bytes)) throw errors.paramError(`The pool already uses ${pool.used_bytes} bytes: it cannot shrink below that`);
      set.capacity_bytes = p.capacitybytes as number;
    }
    if (p.enabled !== undefined) {
      if (pool.state === 'Maintenance') throw errors.paramError(`Storage pool ${pool.name} is in maintenance; cancel the maintenance first`);
      set.state = p.enabled ? 'Up' : 'Disabled';
    }
    if (Object.keys(set).length > 0) await ctx.db.updateTable('storage_pool').set(set).where('id', '=', pool.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'StoragePool', resourceId: pool.id, description: `updated storage pool ${set.name ?? pool.name}` };
    const [response] = await poolResponses(ctx.db, [pool.id]);
    return object(response);
  },
});

export const deleteStoragePool = defineCommand({
  name: 'deleteStoragePool',
  description: 'Deletes a primary storage pool that holds no volumes',
  access: access.rootAdmin,
  event: 'STORAGE.POOL.DELETE',
  params: {
    id: { type: 'uuid', entity: 'StoragePool', required: true, description: 'The ID of the pool' },
    forced: { type: 'boolean', description: 'Accepted for compatibility: a pool holding volumes is never deleted' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const pool = await findPool(ctx.db, p.id as string);
    await ctx.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('storage_pool').where('id', '=', pool.id).where('allocated_bytes', '=', 0).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw errors.inUse(`Storage pool ${pool.name} still holds volumes; delete or migrate them first`, [pool.id]);
    });
    ctx.event = { ...ctx.event, resourceType: 'StoragePool', resourceId: pool.id, description: `deleted storage pool ${pool.name}` };
    return success();
  },
});

export const listStoragePools = defineCommand({
  name: 'listStoragePools',
  description: 'Lists primary storage pools',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the pool' },
    name: { type: 'string', description: 'The name of the pool' },
    zoneid: { type: 'uuid', description: 'The zone of the pools' },
    podid: { type: 'uuid', description: 'The pod of the pools' },
    clusterid: { type: 'uuid', description: 'The cluster of the pools' },
    hostid: { type: 'uuid', description: 'The host whose local storage pools to list' },
    ipaddress: { type: 'string', description: 'The storage server of the pools' },
    path: { type: 'string', description: 'The path of the pools' },
    scope: { type: 'string', description: 'ZONE, CLUSTER or HOST' },
    status: { type: 'string', description: 'Up, Disabled, PrepareForMaintenance or Maintenance' },
  },
  response: { type: 'list', listKey: 'storagepool' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('storage_pool');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.podid) q = q.where('pod_id', '=', p.podid as string);
    if (p.clusterid) q = q.where('cluster_id', '=', p.clusterid as string);
    if (p.hostid) q = q.where('host_id', '=', p.hostid as string);
    if (p.ipaddress) q = q.where('ip_address', '=', p.ipaddress as string);
    if (p.path) q = q.where('path', '=', p.path as string);
    if (p.scope) q = q.where(sql<SqlBool>`upper(scope) = ${String(p.scope).toUpperCase()}`);
    if (p.status) q = q.where(sql<SqlBool>`lower(state) = ${String(p.status).toLowerCase()}`);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.select('id').orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await poolResponses(ctx.db, rows.map((r) => r.id)));
  },
});
