import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { ApiError, ErrorCode } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { releaseResources, reserveResources } from '../identity/limits/index.ts';
import { findPool, poolsForPlacement, releasePoolCapacity, reservePoolCapacity, zoneNames } from '../infrastructure/index.ts';
import { vmSummary } from '../compute/index.ts';
import { templateSummary } from '../images/index.ts';
import { deleteTagsOf, tagsOf } from '../operations/index.ts';
import { hostDriver, type PoolRef } from './driver.ts';
import { findOwned, ownerFieldsOf } from './owned.ts';

export type VolumeRow = Database['volume'];
type Db = Kysely<Database> | Transaction<Database>;
export const GiB = 1024 ** 3;

export function findVolume(db: Db, id: string): Promise<VolumeRow & { domain_path: string }> {
  return findOwned(db, 'volume', id, 'volume');
}

export function poolOf(db: Db, poolId: string): Promise<PoolRef> {
  return findPool(db as Kysely<Database>, poolId);
}

export interface NewVolume {
  id?: string;
  name: string;
  type: 'ROOT' | 'DATADISK';
  zoneId: string;
  accountId: string;
  domainId: string;
  sizeBytes: number;
  diskOfferingId?: string;
  templateId?: string;
  templatePath?: string;
  /** Where a host that lacks the template on the pool fetches it from. */
  templateUrl?: string;
  /** Copy this snapshot's content into the new volume (which must then go on the snapshot's pool, `poolId`). */
  snapshotPath?: string;
  poolId?: string;
  clusterId?: string;
  tags?: string[];
  vmId?: string;
  deviceId?: number;
  displayVolume?: boolean;
}

/**
 * Makes a volume: counts it against the account (volume, primary_storage), reserves room on a pool (the one asked,
 * else the least allocated that fits) and creates the disk there through the storage driver. Runs inside the
 * caller's transaction, so a failure anywhere gives everything back.
 */
export async function createVolumeOnPool(trx: Transaction<Database>, v: NewVolume): Promise<VolumeRow> {
  await reserveResources(trx, v.accountId, { volume: 1, primary_storage: v.sizeBytes });
  const candidates = v.poolId
    ? [await poolOf(trx, v.poolId)]
    : await poolsForPlacement(trx, { zoneId: v.zoneId, clusterId: v.clusterId, tags: v.tags, sizeBytes: v.sizeBytes });
  let pool: PoolRef | undefined;
  for (const c of candidates) {
    if (await reservePoolCapacity(trx, c.id, v.sizeBytes)) {
      pool = c;
      break;
    }
  }
  if (!pool) {
    throw new ApiError(ErrorCode.InsufficientCapacityError, `No primary storage in zone ${v.zoneId} has ${Math.ceil(v.sizeBytes / GiB)} GB free${v.tags?.length ? ` with tags ${v.tags.join(',')}` : ''}`);
  }
  const id = v.id ?? crypto.randomUUID();
  const spec = { id, name: v.name, sizeBytes: v.sizeBytes };
  const disk = v.snapshotPath
    ? await hostDriver(trx).createVolumeFromSnapshot(pool, spec, v.snapshotPath)
    : await hostDriver(trx).createVolume(pool, spec, v.templatePath ? { path: v.templatePath, url: v.templateUrl } : undefined);
  const now = new Date().toISOString();
  const row: VolumeRow = {
    id,
    name: v.name,
    account_id: v.accountId,
    domain_id: v.domainId,
    zone_id: v.zoneId,
    type: v.type,
    state: 'Ready',
    size: disk.sizeBytes,
    pool_id: pool.id,
    path: disk.path,
    disk_offering_id: v.diskOfferingId ?? null,
    template_id: v.templateId ?? null,
    vm_id: v.vmId ?? null,
    device_id: v.vmId ? (v.deviceId ?? 0) : null,
    attached: v.vmId ? now : null,
    display_volume: v.displayVolume === false ? 0 : 1,
    created: now,
  };
  await trx.insertInto('volume').values(row).execute();
  return row;
}

/** Accounts for a volume growing or shrinking by `delta` bytes: the account's primary_storage and the pool's room. */
export async function accountSizeChange(trx: Transaction<Database>, v: VolumeRow, delta: number): Promise<void> {
  if (!v.pool_id || delta === 0) return;
  if (delta < 0) {
    await releaseResources(trx, v.account_id, { primary_storage: -delta });
    await releasePoolCapacity(trx, v.pool_id, -delta);
    return;
  }
  await reserveResources(trx, v.account_id, { primary_storage: delta });
  if (!(await reservePoolCapacity(trx, v.pool_id, delta))) {
    throw new ApiError(ErrorCode.InsufficientCapacityError, `The storage pool of volume ${v.name} has no room for ${Math.ceil(delta / GiB)} more GB`);
  }
}

/**
 * Removes a volume's disk, its pool reservation and its counts. With `orphanDisk` (expunges and deploy rollbacks,
 * which must finish even with no host up) a disk the driver cannot delete is left on primary storage.
 */
export async function destroyVolume(trx: Transaction<Database>, v: VolumeRow, o: { orphanDisk?: boolean } = {}): Promise<void> {
  await trx.deleteFrom('volume').where('id', '=', v.id).execute();
  await deleteTagsOf(trx, 'Volume', [v.id]);
  if (v.pool_id) {
    const poolId = v.pool_id;
    const path = v.path;
    const deleteDisk = async () => {
      if (path) await hostDriver(trx).deleteVolume(await poolOf(trx, poolId), path);
    };
    await (o.orphanDisk ? deleteDisk().catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
    }) : deleteDisk());
    await releasePoolCapacity(trx, v.pool_id, v.size);
  }
  await releaseResources(trx, v.account_id, { volume: 1, primary_storage: v.size });
}

/** Volume response objects, with owner, zone, pool and VM names fetched once for the whole page. */
export async function volumeResponses(db: Db, rows: VolumeRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const ownerOf = await ownerFieldsOf(db, rows);
  const poolIds = [...new Set(rows.flatMap((r) => (r.pool_id ? [r.pool_id] : [])))];
  const poolById = new Map<string, { name: string; scope: string }>();
  for (const id of poolIds) {
    // A pool deleted since leaves its name out rather than failing the whole list.
    const pool = await findPool(db as Kysely<Database>, id).catch(() => undefined);
    if (pool) poolById.set(id, pool);
  }
  const [zones, vms, tags, templates] = await Promise.all([
    zoneNames(db as Kysely<Database>, [...new Set(rows.map((r) => r.zone_id))]),
    vmSummary(db, rows.flatMap((r) => (r.vm_id ? [r.vm_id] : []))),
    tagsOf(db, 'Volume', rows.map((r) => r.id)),
    templateSummary(db as Kysely<Database>, rows.flatMap((r) => (r.template_id ? [r.template_id] : []))),
  ]);
  return rows.map((r) => {
    const pool = r.pool_id ? poolById.get(r.pool_id) : undefined;
    const vm = r.vm_id ? vms.get(r.vm_id) : undefined;
    return {
      id: r.id,
      name: r.name,
      type: r.type,
      state: r.state,
      size: r.size,
      virtualsize: r.size,
      zoneid: r.zone_id,
      zonename: zones.get(r.zone_id),
      ...ownerOf(r),
      storageid: r.pool_id,
      storage: pool?.name,
      storagetype: pool?.scope === 'HOST' ? 'local' : 'shared',
      diskofferingid: r.disk_offering_id,
      templateid: r.template_id,
      templatename: r.template_id ? templates.get(r.template_id)?.name : undefined,
      templatedisplaytext: r.template_id ? templates.get(r.template_id)?.displaytext : undefined,
      virtualmachineid: r.vm_id,
      vmname: vm?.name,
      vmdisplayname: vm?.displayname,
      vmstate: vm?.state,
      vmtype: vm ? vm.type : undefined,
      deviceid: r.device_id,
      attached: formatDate(r.attached),
      path: r.path,
      provisioningtype: 'thin',
      hypervisor: 'Simulator',
      displayvolume: r.display_volume === 1,
      isextractable: r.type !== 'ROOT',
      destroyed: false,
      deleteprotection: false,
      hasannotations: false,
      supportsstoragesnapshot: false,
      tags: tags.get(r.id) ?? [],
      created: formatDate(r.created),
    };
  });
}
