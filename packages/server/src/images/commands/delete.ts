import { defineCommand, success, type CommandContext, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { SYSTEM_ACCOUNT_ID } from '../../identity/bootstrap.ts';
import { releaseResources } from '../../identity/index.ts';
import { isRootAdmin } from '../../identity/scope.ts';
import { deleteTagsOf } from '../../operations/index.ts';
import { tagType } from '../registrations.ts';
import { assertOwnerAccess, getTemplate, kindName } from '../catalogue.ts';
import { removeUploadedFile } from '../upload-ticket.ts';

/**
 * Deletes an image from one zone (`zoneid`) or from all; an image left in no zone is removed from the catalogue.
 * VMs created from it keep running: their disks are copies.
 */
async function remove(ctx: CommandContext, p: Params, iso: boolean) {
  const t = await getTemplate(ctx.db, p.id as string, iso);
  await assertOwnerAccess(ctx.db, ctx.caller, t);
  if (t.template_type !== 'USER' && !isRootAdmin(ctx.caller)) throw errors.permissionDenied(`Only the root admin deletes ${t.template_type} ${kindName(iso)}s`);
  const zoneId = p.zoneid as string | undefined;
  await ctx.job?.progress(10);
  const gone = await ctx.db.transaction().execute(async (trx) => {
    if (zoneId) {
      const gone = await trx.deleteFrom('template_zone').where('template_id', '=', t.id).where('zone_id', '=', zoneId).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) throw errors.paramError(`${kindName(iso)} ${t.id} is not in zone ${zoneId}`, [t.id]);
      const left = await trx.selectFrom('template_zone').select('zone_id').where('template_id', '=', t.id).executeTakeFirst();
      // A cross-zone image deleted from one zone stops following new zones: it now lives where it is.
      if (left) {
        await trx.updateTable('template').set({ cross_zones: 0 }).where('id', '=', t.id).execute();
        return false;
      }
    }
    await trx.deleteFrom('template_zone').where('template_id', '=', t.id).execute();
    await trx.deleteFrom('template_permission').where('template_id', '=', t.id).execute();
    await trx.updateTable('template').set({ removed: new Date().toISOString() }).where('id', '=', t.id).execute();
    await deleteTagsOf(trx, tagType(iso), [t.id]);
    // Seeded images (owned by the system account) were never counted.
    if (t.account_id !== SYSTEM_ACCOUNT_ID) await releaseResources(trx, t.account_id, { template: 1 });
    return true;
  });
  if (gone) removeUploadedFile(t.id, iso);
  ctx.event = { ...ctx.event, resourceType: iso ? 'Iso' : 'Template', resourceId: t.id, description: `deleted ${kindName(iso)} ${t.name}` };
  return success();
}

export const deleteTemplate = defineCommand({
  name: 'deleteTemplate',
  description: 'Deletes a template from one zone, or from every zone',
  access: access.all,
  async: true,
  event: 'TEMPLATE.DELETE',
  jobInstance: { type: 'Template', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Template', required: true, description: 'The ID of the template' },
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone to delete the template from (default: every zone)' },
    forced: { type: 'boolean', description: 'Delete even if VMs use the template (they always may: their disks are copies)' },
  },
  response: { type: 'success' },
  handler: (ctx, p) => remove(ctx, p, false),
});

export const deleteIso = defineCommand({
  name: 'deleteIso',
  description: 'Deletes an ISO from one zone, or from every zone',
  access: access.all,
  async: true,
  event: 'ISO.DELETE',
  jobInstance: { type: 'Iso', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Template', required: true, description: 'The ID of the ISO' },
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone to delete the ISO from (default: every zone)' },
  },
  response: { type: 'success' },
  handler: (ctx, p) => remove(ctx, p, true),
});
