import { defineCommand, object, type CommandContext, type Params } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { findTemplateForExtract } from '../../images/index.ts';
import { hostDriver, type DownloadSource } from '../driver.ts';
import { checkExtractMode, downloadUrl, extractResponse } from '../extract.ts';
import { poolOf } from '../volumes.ts';

/**
 * A pool of the zone that holds a copy of the template (a ROOT disk there was cloned from it), streamed by a host
 * that reaches it; undefined when none does, or none of their hosts can serve it now.
 */
async function templateOnPool(ctx: CommandContext, templateId: string, zoneId: string, sizeBytes: number): Promise<DownloadSource | undefined> {
  const pools = await ctx.db
    .selectFrom('volume')
    .select('pool_id')
    .distinct()
    .where('template_id', '=', templateId)
    .where('type', '=', 'ROOT')
    .where('zone_id', '=', zoneId)
    .where('pool_id', 'is not', null)
    .execute();
  for (const { pool_id } of pools) {
    try {
      return await hostDriver(ctx.db).prepareDownload(await poolOf(ctx.db, pool_id as string), { templatePath: `template/${templateId}`, sizeBytes });
    } catch (e) {
      ctx.log.info({ templateId, poolId: pool_id, err: (e as Error).message }, 'template copy on this pool cannot be streamed; trying the next');
    }
  }
  return undefined;
}

/**
 * extractTemplate and extractIso: a template copied onto a primary storage pool is streamed from there like a volume;
 * otherwise (not used in the zone yet, or an ISO, which no pool holds) the URL is the one it was registered from,
 * since image stores are simulated and that URL is where its bytes are.
 */
function extractImage(iso: boolean) {
  const name = iso ? 'extractIso' : 'extractTemplate';
  return defineCommand({
    name,
    description: iso
      ? 'A URL to download an ISO from: the URL it was registered from'
      : 'A URL to download a template from: streamed from a primary storage pool that holds it, else the URL it was registered from',
    access: access.all,
    async: true,
    event: iso ? 'ISO.EXTRACT' : 'TEMPLATE.EXTRACT',
    jobInstance: { type: iso ? 'Iso' : 'Template', idParam: 'id' },
    params: {
      id: { type: 'uuid', entity: 'Template', required: true, description: `The ID of the ${iso ? 'ISO' : 'template'}` },
      mode: { type: 'string', required: true, description: 'HTTP_DOWNLOAD (FTP_UPLOAD is not supported)' },
      zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone to extract it from (default: the first where it is Ready)' },
      url: { type: 'string', description: 'The FTP URL of FTP_UPLOAD, which is not supported' },
    },
    response: { type: 'object', name: iso ? 'iso' : 'template' },
    async handler(ctx, p: Params) {
      checkExtractMode(p.mode as string);
      const { template: t, zoneId, sizeBytes } = await findTemplateForExtract(ctx.db, ctx.caller, p.id as string, iso, p.zoneid as string | undefined);
      ctx.event = { ...ctx.event, resourceType: iso ? 'Iso' : 'Template', resourceId: t.id, description: `extracted ${iso ? 'ISO' : 'template'} ${t.name}` };
      const source = iso ? undefined : await templateOnPool(ctx, t.id, zoneId, sizeBytes);
      const url = source ? await downloadUrl(ctx, source, t.name) : t.url;
      return object(await extractResponse(ctx, { id: t.id, name: t.name, accountId: t.account_id, zoneId, url }));
    },
  });
}

export const extractTemplate = extractImage(false);
export const extractIso = extractImage(true);
