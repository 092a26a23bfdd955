import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess, isRootAdmin } from '../../identity/scope.ts';
import { vmSummary } from '../../compute/index.ts';
import { templateSummary } from '../../images/index.ts';
import { hostDriver } from '../driver.ts';
import { checkExtractMode, downloadUrl, extractResponse } from '../extract.ts';
import { findVolume, poolOf } from '../volumes.ts';

const NOT_STOPPED = 'Invalid state of the volume with specified ID. It should be either detached or the VM should be in stopped state.';

/** Why the volume may not be read now: CloudStack's rule, a volume of a VM that is not Stopped is in use. */
async function busy(db: Kysely<Database>, vmId: string | null): Promise<string | undefined> {
  if (!vmId) return undefined;
  const vm = (await vmSummary(db, [vmId])).get(vmId);
  return vm && vm.state !== 'Stopped' ? NOT_STOPPED : undefined;
}

export const extractVolume = defineCommand({
  name: 'extractVolume',
  description: 'A URL to download a volume (qcow2) from: detached, or of a stopped VM; the management server streams it from a host that reaches its pool',
  access: access.all,
  async: true,
  event: 'VOLUME.EXTRACT',
  jobInstance: { type: 'Volume', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Volume', required: true, description: 'The ID of the volume' },
    mode: { type: 'string', required: true, description: 'HTTP_DOWNLOAD (FTP_UPLOAD is not supported)' },
    zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone of the volume' },
    url: { type: 'string', description: 'The FTP URL of FTP_UPLOAD, which is not supported' },
  },
  response: { type: 'object', name: 'volume' },
  async handler(ctx, p) {
    checkExtractMode(p.mode as string);
    const { domain_path, ...volume } = await findVolume(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: volume.account_id, domainPath: domain_path }, 'volume');
    if (volume.zone_id !== p.zoneid) throw errors.paramError(`Volume ${volume.name} is in zone ${volume.zone_id}, not in zone ${p.zoneid as string}`, [volume.id]);
    if (volume.type !== 'DATADISK' && volume.template_id && !isRootAdmin(ctx.caller)) {
      const template = (await templateSummary(ctx.db, [volume.template_id])).get(volume.template_id);
      if (template && !template.extractable) throw errors.permissionDenied('The volume with specified volumeId is not allowed to be extracted', [volume.id]);
    }
    if (!volume.pool_id || !volume.path) throw errors.paramError("The volume doesn't belong to a storage pool so can't extract it", [volume.id]);
    if (volume.state !== 'Ready') throw errors.paramError(`Volume ${volume.name} is ${volume.state}, not Ready`, [volume.id]);
    const refused = await busy(ctx.db, volume.vm_id);
    if (refused) throw errors.permissionDenied(refused, [volume.id]);
    ctx.event = { ...ctx.event, resourceType: 'Volume', resourceId: volume.id, description: `extracted volume ${volume.name}` };
    const source = await hostDriver(ctx.db).prepareDownload(await poolOf(ctx.db, volume.pool_id), { volumePath: volume.path });
    // Attached and started since the URL was issued: the next fetch is refused (the guest writes to the disk).
    const recheck = async () => {
      const now = await ctx.db.selectFrom('volume').select('vm_id').where('id', '=', volume.id).executeTakeFirst();
      return now ? busy(ctx.db, now.vm_id) : `Volume ${volume.name} was deleted`;
    };
    const url = await downloadUrl(ctx, source, volume.name, recheck);
    return object(await extractResponse(ctx, { id: volume.id, name: volume.name, accountId: volume.account_id, zoneId: volume.zone_id, url }));
  },
});
