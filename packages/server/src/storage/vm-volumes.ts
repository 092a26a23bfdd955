import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { deleteTagsOf } from '../operations/index.ts';
import { releaseResources, reserveResources } from '../identity/limits/index.ts';
import { createVolumeOnPool, destroyVolume, type VolumeRow } from './volumes.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The ROOT disk of a new VM: a linked clone of the template, on the pool asked or one of the VM's cluster, counted
 * against the account. Part of the deploy's transaction, so a failed deploy leaves nothing behind.
 */
export function createRootVolume(
  trx: Transaction<Database>,
  q: {
    vm: { id: string; name: string; cluster_id?: string | null };
    zoneId: string;
    poolId?: string;
    clusterId?: string;
    templateId: string;
    /** Where hosts fetch the template from. */
    templateUrl?: string;
    sizeBytes: number;
    accountId: string;
    domainId: string;
    diskOfferingId?: string;
    tags?: string[];
  },
): Promise<VolumeRow> {
  return createVolumeOnPool(trx, {
    name: `ROOT-${q.vm.name}`,
    type: 'ROOT',
    zoneId: q.zoneId,
    accountId: q.accountId,
    domainId: q.domainId,
    sizeBytes: q.sizeBytes,
    templateId: q.templateId,
    templatePath: `template/${q.templateId}`,
    templateUrl: q.templateUrl,
    diskOfferingId: q.diskOfferingId,
    poolId: q.poolId,
    clusterId: q.clusterId ?? q.vm.cluster_id ?? undefined,
    tags: q.tags,
    vmId: q.vm.id,
    deviceId: 0,
  });
}

/**
 * The data disk a deploy asks for (`diskofferingid` with a template): attached as device 1, on a pool of the ROOT
 * disk's cluster, counted against the account. Part of the deploy's transaction, like the ROOT disk.
 */
export async function createDataVolume(
  trx: Transaction<Database>,
  q: { vm: { id: string; name: string }; zoneId: string; sizeBytes: number; accountId: string; domainId: string; diskOfferingId: string; tags?: string[] },
): Promise<VolumeRow> {
  const root = await trx
    .selectFrom('volume')
    .innerJoin('storage_pool', 'storage_pool.id', 'volume.pool_id')
    .select('storage_pool.cluster_id')
    .where('volume.vm_id', '=', q.vm.id)
    .where('volume.type', '=', 'ROOT')
    .executeTakeFirst();
  return createVolumeOnPool(trx, {
    name: `DATA-${q.vm.name}`,
    type: 'DATADISK',
    zoneId: q.zoneId,
    accountId: q.accountId,
    domainId: q.domainId,
    sizeBytes: q.sizeBytes,
    diskOfferingId: q.diskOfferingId,
    clusterId: root?.cluster_id ?? undefined,
    tags: q.tags,
    vmId: q.vm.id,
    deviceId: 1,
  });
}

/** A VM's volumes, ROOT (device 0) first. */
export function volumesOfVm(db: Db, vmId: string): Promise<VolumeRow[]> {
  return db.selectFrom('volume').selectAll().where('vm_id', '=', vmId).orderBy('device_id').execute();
}

/**
 * For an expunged VM: its ROOT volume is deleted with its counts and pool room, and its VM snapshots with it; its
 * data disks are detached and stay with the account, as in CloudStack (a failed deploy, `withDataDisks`, deletes
 * the data disk it made too). A disk no host can delete right now stays on primary storage rather than blocking.
 */
export async function deleteVolumesOfVm(trx: Transaction<Database>, vmId: string, o: { withDataDisks?: boolean } = {}): Promise<void> {
  const snapshots = await trx.selectFrom('vm_snapshot').select('id').where('vm_id', '=', vmId).execute();
  await deleteTagsOf(trx, 'VMSnapshot', snapshots.map((s) => s.id));
  await trx.deleteFrom('vm_snapshot').where('vm_id', '=', vmId).execute();
  for (const v of await volumesOfVm(trx, vmId)) {
    if (v.type === 'ROOT' || o.withDataDisks) await destroyVolume(trx, v, { orphanDisk: true });
    else await trx.updateTable('volume').set({ vm_id: null, device_id: null, attached: null }).where('id', '=', v.id).execute();
  }
}

/** Names, types and sizes of volumes, for other domains' responses. */
export async function volumeSummary(db: Db, ids: string[]): Promise<Map<string, { name: string; type: string; size: number; deviceid: number | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('volume').select(['id', 'name', 'type', 'size', 'device_id']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, type: r.type, size: r.size, deviceid: r.device_id }]));
}

/**
 * For a VM assigned to another account: its volumes (ROOT and data disks) follow it, their volume and primary storage
 * counts with them, inside the assign's transaction (532 when the new owner's limits are reached).
 */
export async function moveVolumesOfVm(trx: Transaction<Database>, vmId: string, to: { accountId: string; domainId: string }): Promise<void> {
  for (const v of await volumesOfVm(trx, vmId)) {
    if (v.account_id === to.accountId) continue;
    await reserveResources(trx, to.accountId, { volume: 1, primary_storage: v.size });
    await releaseResources(trx, v.account_id, { volume: 1, primary_storage: v.size });
    await trx.updateTable('volume').set({ account_id: to.accountId, domain_id: to.domainId }).where('id', '=', v.id).execute();
  }
}
