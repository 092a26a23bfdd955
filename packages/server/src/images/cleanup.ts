import { registerAccountCleaner, releaseResources } from '../identity/index.ts';
import { removeUploadedFile } from './upload-ticket.ts';

/** An account being deleted loses its templates and ISOs from every zone, as deleteTemplate would remove them. */
export function registerImageCleaners(): void {
  registerAccountCleaner('templates', async (db, accountId) => {
    const images = await db.selectFrom('template').select(['id', 'format']).where('account_id', '=', accountId).where('removed', 'is', null).execute();
    for (const t of images) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('template_zone').where('template_id', '=', t.id).execute();
        await trx.deleteFrom('template_permission').where('template_id', '=', t.id).execute();
        await trx.updateTable('template').set({ removed: new Date().toISOString() }).where('id', '=', t.id).execute();
        await releaseResources(trx, accountId, { template: 1 });
      });
      removeUploadedFile(t.id, t.format === 'ISO');
    }
  });
}
