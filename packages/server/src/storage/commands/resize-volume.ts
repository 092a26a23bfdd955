import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { findDiskOffering } from '../../offerings/index.ts';
import { diskSizeOf } from '../disk-size.ts';
import { hostDriver } from '../driver.ts';
import { accountSizeChange, findVolume, GiB, poolOf, volumeResponses } from '../volumes.ts';

export const resizeVolume = defineCommand({
  name: 'resizeVolume',
  description: 'Resizes a volume: to a new disk offering, or to size GB (custom offerings and ROOT volumes); shrinking needs shrinkok',
  access: access.all,
  async: true,
  event: 'VOLUME.RESIZE',
  jobInstance: { type: 'Volume', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Volume', required: true, description: 'The ID of the disk volume' },
    size: { type: 'long', description: 'New size in GB' },
    diskofferingid: { type: 'uuid', entity: 'DiskOffering', description: 'New disk offering' },
    shrinkok: { type: 'boolean', description: 'Allow shrinking the volume (data beyond the new size is lost)' },
  },
  response: { type: 'object', name: 'volume' },
  async handler(ctx, p) {
    const { domain_path, ...volume } = await findVolume(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: volume.account_id, domainPath: domain_path }, 'volume');
    if (volume.state !== 'Ready' || !volume.pool_id || !volume.path) throw errors.paramError(`Volume ${volume.name} is ${volume.state}, not Ready`, [volume.id]);
    if (p.size === undefined && !p.diskofferingid) throw errors.paramError('Give size or diskofferingid');
    const offeringId = (p.diskofferingid as string | undefined) ?? volume.disk_offering_id;
    let newSize: number;
    if (offeringId) newSize = await diskSizeOf(ctx, await findDiskOffering(ctx.db, offeringId, ctx.caller), p.size as number | undefined);
    else if (volume.type === 'ROOT') newSize = (p.size as number) * GiB;
    else throw errors.paramError(`Volume ${volume.name} has no disk offering to size it by`);
    if (newSize <= 0) throw errors.paramError('Invalid size: it must be positive');
    if (newSize < volume.size && p.shrinkok !== true) {
      throw errors.paramError(`Going from ${volume.size / GiB} GB to ${newSize / GiB} GB shrinks volume ${volume.name}: pass shrinkok=true`, [volume.id]);
    }
    const delta = newSize - volume.size;
    const poolId = volume.pool_id;
    const path = volume.path;
    ctx.event = { ...ctx.event, resourceType: 'Volume', resourceId: volume.id, description: `resized volume ${volume.name} to ${newSize} bytes` };
    const size = await ctx.db.transaction().execute(async (trx) => {
      await accountSizeChange(trx, volume, delta);
      const answered = await hostDriver(trx).resizeVolume(await poolOf(trx, poolId), path, newSize, p.shrinkok === true);
      await trx.updateTable('volume').set({ size: answered, disk_offering_id: offeringId }).where('id', '=', volume.id).execute();
      return answered;
    });
    const [response] = await volumeResponses(ctx.db, [{ ...volume, size, disk_offering_id: offeringId }]);
    return object(response);
  },
});
