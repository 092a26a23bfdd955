import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { containsText } from '../../db/text.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { deleteTagsOf, tagFilter } from '../../operations/index.ts';
import { assertAccess, listScope, scopeCondition } from '../../identity/scope.ts';
import { releaseResources, reserveResources } from '../../identity/limits/index.ts';
import { hostDriver } from '../driver.ts';
import { findSnapshot, snapshotResponses, type SnapshotRow } from '../snapshots.ts';
import { findVolume, poolOf } from '../volumes.ts';

export const createSnapshot = defineCommand({
  name: 'createSnapshot',
  description: 'Takes a snapshot of a volume',
  access: access.all,
  async: true,
  event: 'SNAPSHOT.CREATE',
  jobInstance: { type: 'Snapshot', allocate: true },
  params: {
    volumeid: { type: 'uuid', entity: 'Volume', required: true, description: 'The ID of the volume' },
    name: { type: 'string', description: 'The name of the snapshot' },
  },
  response: { type: 'object', name: 'snapshot' },
  async handler(ctx, p) {
    const { domain_path, ...volume } = await findVolume(ctx.db, p.volumeid as string);
    assertAccess(ctx.caller, { accountId: volume.account_id, domainPath: domain_path }, 'volume');
    if (volume.state !== 'Ready' || !volume.pool_id || !volume.path) throw errors.paramError(`Volume ${volume.name} is ${volume.state}, not Ready`, [volume.id]);
    const [poolId, path] = [volume.pool_id, volume.path];
    const id = ctx.job?.instanceId ?? crypto.randomUUID();
    const stamp = new Date().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      await reserveResources(trx, volume.account_id, { snapshot: 1 });
      const taken = await hostDriver(trx).createSnapshot(await poolOf(trx, poolId), path, id);
      const snapshot: SnapshotRow = {
        id,
        // CloudStack's default name: <vm or volume name>_<volume name>_<yyyyMMddHHmmss>.
        name: (p.name as string | undefined) ?? `${volume.name}_${stamp.replace(/[-:T]/g, '').slice(0, 14)}`,
        volume_id: volume.id,
        account_id: volume.account_id,
        domain_id: volume.domain_id,
        zone_id: volume.zone_id,
        state: 'BackedUp',
        size: taken.sizeBytes,
        path: taken.path,
        pool_id: poolId,
        volume_type: volume.type,
        created: stamp,
      };
      await trx.insertInto('snapshot').values(snapshot).execute();
      return snapshot;
    });
    ctx.event = { ...ctx.event, resourceType: 'Snapshot', resourceId: row.id, description: `created snapshot ${row.name} of volume ${volume.name}` };
    const [response] = await snapshotResponses(ctx.db, [row]);
    return object(response);
  },
});

export const listSnapshots = defineCommand({
  name: 'listSnapshots',
  description: 'Lists the volume snapshots the caller may see',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    tags: { type: 'map', description: 'Only those with these tags: tags[0].key=...&tags[0].value=...' },
    id: { type: 'uuid', description: 'The ID of the snapshot' },
    ids: { type: 'list', of: 'uuid', description: 'The IDs of the snapshots' },
    name: { type: 'string', description: 'The name of the snapshot' },
    volumeid: { type: 'uuid', description: 'The ID of the volume' },
    zoneid: { type: 'uuid', description: 'The zone of the snapshots' },
    snapshottype: { type: 'string', description: 'MANUAL (the only type so far), RECURRING, TEMPLATE' },
  },
  response: { type: 'list', listKey: 'snapshot' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    if (p.snapshottype !== undefined && (p.snapshottype as string).toUpperCase() !== 'MANUAL') return list(0, []);
    let q = ctx.db.selectFrom('snapshot').where(scopeCondition(scope, { account: 'snapshot.account_id', domain: 'snapshot.domain_id' }));
    if (p.id) q = q.where('snapshot.id', '=', p.id as string);
    if (p.ids) q = q.where('snapshot.id', 'in', p.ids as string[]);
    if (p.name) q = q.where('snapshot.name', '=', p.name as string);
    if (p.volumeid) q = q.where('snapshot.volume_id', '=', p.volumeid as string);
    if (p.zoneid) q = q.where('snapshot.zone_id', '=', p.zoneid as string);
    if (p.tags) q = q.where(tagFilter('Snapshot', 'snapshot.id', p.tags));
    if (p.keyword) q = q.where(containsText('snapshot.name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll('snapshot').orderBy('snapshot.created', 'desc').orderBy('snapshot.id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await snapshotResponses(ctx.db, rows));
  },
});

export const deleteSnapshot = defineCommand({
  name: 'deleteSnapshot',
  description: 'Deletes a volume snapshot',
  access: access.all,
  async: true,
  event: 'SNAPSHOT.DELETE',
  jobInstance: { type: 'Snapshot', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Snapshot', required: true, description: 'The ID of the snapshot' },
    zoneid: { type: 'uuid', entity: 'Zone', description: 'Accepted for compatibility: a snapshot lives in one zone' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const snapshot = await findSnapshot(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: snapshot.account_id, domainPath: snapshot.domain_path }, 'snapshot');
    ctx.event = { ...ctx.event, resourceType: 'Snapshot', resourceId: snapshot.id, description: `deleted snapshot ${snapshot.name}` };
    await ctx.db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('snapshot').where('id', '=', snapshot.id).executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) throw errors.notFound('snapshot', snapshot.id);
      if (snapshot.path) await hostDriver(trx).deleteSnapshot(await poolOf(trx, snapshot.pool_id), snapshot.path);
      await releaseResources(trx, snapshot.account_id, { snapshot: 1 });
      await deleteTagsOf(trx, 'Snapshot', [snapshot.id]);
    });
    return success();
  },
});
