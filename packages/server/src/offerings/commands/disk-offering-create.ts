import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { getDiskOffering, GiB, loadDiskOfferingResponses } from '../disk-offering.ts';
import { newOfferingColumns, newScopes, writeOffering } from '../offering-write.ts';
import { oneOf, positive } from '../validate.ts';

export const createDiskOffering = defineCommand({
  name: 'createDiskOffering',
  description: 'Creates a disk offering: a fixed size, or a size chosen when the volume is created (customised)',
  access: access.domainAdmins,
  event: 'DISK.OFFERING.CREATE',
  params: {
    name: { type: 'string', required: true, description: 'Name of the disk offering' },
    displaytext: { type: 'string', required: true, length: 4096, description: 'Display text of the disk offering' },
    disksize: { type: 'long', description: 'Size of the disk offering in GB (1GB = 1,073,741,824 bytes)' },
    customized: { type: 'boolean', description: 'Whether the disk size is chosen when the volume is created' },
    customizediops: { type: 'boolean', description: 'Whether the IOPS are chosen when the volume is created' },
    miniops: { type: 'long', description: 'Minimum IOPS' },
    maxiops: { type: 'long', description: 'Maximum IOPS' },
    tags: { type: 'string', length: 4096, description: 'Storage tags of the disk offering' },
    storagetype: { type: 'string', description: 'local or shared (default)' },
    provisioningtype: { type: 'string', description: 'thin (default), sparse or fat' },
    displayoffering: { type: 'boolean', description: 'Whether end users see the offering (default true)' },
    encrypt: { type: 'boolean', description: 'Volumes of this offering are encrypted' },
    disksizestrictness: { type: 'boolean', description: 'The disk size cannot be changed from the offering\'s' },
    cachemode: { type: 'string', description: 'none (default), writeback or writethrough' },
    domainid: { type: 'list', of: 'uuid', entity: 'Domain', description: 'The IDs of the domains the offering is limited to (public when empty)' },
    zoneid: { type: 'list', of: 'uuid', entity: 'Zone', description: 'The IDs of the zones the offering is limited to (all when empty)' },
  },
  response: { type: 'object', name: 'diskoffering' },
  async handler(ctx, p) {
    const customized = (p.customized as boolean | undefined) ?? false;
    if (!customized && p.disksize === undefined) throw errors.paramError('Disk size must be specified for a disk offering that is not customised');
    if (customized && p.disksize !== undefined) throw errors.paramError('A customised disk offering has no disk size: leave out disksize');
    positive('disksize', p.disksize, 1);
    positive('miniops', p.miniops, 1);
    positive('maxiops', p.maxiops, 1);
    if ((p.miniops as number) > (p.maxiops as number)) throw errors.paramError('miniops must not exceed maxiops');
    const storageType = oneOf('storagetype', p.storagetype, ['shared', 'local']) ?? 'shared';
    const provisioning = oneOf('provisioningtype', p.provisioningtype, ['thin', 'sparse', 'fat']) ?? 'thin';
    const cacheMode = oneOf('cachemode', p.cachemode, ['none', 'writeback', 'writethrough']);
    const scopes = await newScopes(ctx.db, ctx.caller, p);
    const id = crypto.randomUUID();
    await writeOffering(ctx.db, id, scopes, async (trx) => {
      await trx
        .insertInto('disk_offering')
        .values({
          id,
          name: p.name as string,
          display_text: p.displaytext as string,
          disk_size: customized ? 0 : (p.disksize as number) * GiB,
          customized: customized ? 1 : 0,
          customized_iops: p.customizediops ? 1 : 0,
          min_iops: (p.miniops as number | undefined) ?? null,
          max_iops: (p.maxiops as number | undefined) ?? null,
          tags: (p.tags as string | undefined) ?? null,
          storage_type: storageType,
          provisioning_type: provisioning,
          display_offering: p.displayoffering === false ? 0 : 1,
          encrypt: p.encrypt ? 1 : 0,
          disk_size_strictness: p.disksizestrictness ? 1 : 0,
          cache_mode: cacheMode ?? null,
          ...newOfferingColumns('Active'),
        })
        .execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'DiskOffering', resourceId: id, description: `created disk offering ${p.name as string}` };
    const [response] = await loadDiskOfferingResponses(ctx.db, [await getDiskOffering(ctx.db, id)]);
    return object(response);
  },
});
