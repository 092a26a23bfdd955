import { registerAccountCleaner, releaseResources } from '../identity/index.ts';
import { hostDriver } from './driver.ts';
import { destroyVolume, poolOf } from './volumes.ts';

/** An account being deleted loses its snapshots and (now detached) volumes, their disks and counts given back. */
export function registerStorageCleaners(): void {
  registerAccountCleaner('storage', async (db, accountId) => {
    await db.deleteFrom('vm_snapshot').where('account_id', '=', accountId).execute();
    for (const s of await db.selectFrom('snapshot').selectAll().where('account_id', '=', accountId).execute()) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('snapshot').where('id', '=', s.id).execute();
        if (s.path) await hostDriver(trx).deleteSnapshot(await poolOf(trx, s.pool_id), s.path);
        await releaseResources(trx, accountId, { snapshot: 1 });
      });
    }
    for (const v of await db.selectFrom('volume').selectAll().where('account_id', '=', accountId).execute()) {
      await db.transaction().execute((trx) => destroyVolume(trx, v, { orphanDisk: true }));
    }
  });
}
