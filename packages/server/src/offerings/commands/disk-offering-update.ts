import { defineCommand, object, success } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { getDiskOffering, loadDiskOfferingResponses } from '../disk-offering.ts';
import { commonChanges, scopeChanges, writeOffering } from '../offering-write.ts';
import { assertMayManage } from '../scope.ts';
import { oneOf } from '../validate.ts';

export const updateDiskOffering = defineCommand({
  name: 'updateDiskOffering',
  description: 'Updates a disk offering\'s name, display text, order, visibility, state, tags or domain and zone limits',
  access: access.domainAdmins,
  event: 'DISK.OFFERING.EDIT',
  params: {
    id: { type: 'uuid', entity: 'DiskOffering', required: true, description: 'ID of the disk offering' },
    name: { type: 'string', description: 'Updates the name of the disk offering' },
    displaytext: { type: 'string', length: 4096, description: 'Updates the display text of the disk offering' },
    sortkey: { type: 'integer', description: 'Sort key of the disk offering' },
    displayoffering: { type: 'boolean', description: 'Whether end users see the offering' },
    state: { type: 'string', description: 'Active or Inactive' },
    tags: { type: 'string', length: 4096, description: 'Storage tags' },
    cachemode: { type: 'string', description: 'none, writeback or writethrough' },
    domainid: { type: 'string', description: 'Comma-separated domain IDs the offering is limited to, or "public"' },
    zoneid: { type: 'string', description: 'Comma-separated zone IDs the offering is limited to, or "all"' },
  },
  response: { type: 'object', name: 'diskoffering' },
  async handler(ctx, p) {
    const o = await getDiskOffering(ctx.db, p.id as string);
    await assertMayManage(ctx.db, ctx.caller, o.id);
    const state = oneOf('state', p.state, ['Active', 'Inactive']);
    const cacheMode = oneOf('cachemode', p.cachemode, ['none', 'writeback', 'writethrough']);
    const scopes = await scopeChanges(ctx.db, ctx.caller, p);
    const set: Partial<typeof o> = commonChanges(p, state);
    if (p.displayoffering !== undefined) set.display_offering = p.displayoffering ? 1 : 0;
    if (p.tags !== undefined) set.tags = p.tags as string;
    if (cacheMode) set.cache_mode = cacheMode;
    await writeOffering(ctx.db, o.id, scopes, async (trx) => {
      if (Object.keys(set).length) await trx.updateTable('disk_offering').set(set).where('id', '=', o.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'DiskOffering', resourceId: o.id, description: `updated disk offering ${set.name ?? o.name}` };
    const [response] = await loadDiskOfferingResponses(ctx.db, [await getDiskOffering(ctx.db, o.id)]);
    return object(response);
  },
});

export const deleteDiskOffering = defineCommand({
  name: 'deleteDiskOffering',
  description: 'Deletes a disk offering; volumes created with it keep it',
  access: access.domainAdmins,
  event: 'DISK.OFFERING.DELETE',
  params: { id: { type: 'uuid', entity: 'DiskOffering', required: true, description: 'ID of the disk offering' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const o = await getDiskOffering(ctx.db, p.id as string);
    await assertMayManage(ctx.db, ctx.caller, o.id);
    await ctx.db.updateTable('disk_offering').set({ removed: new Date().toISOString(), state: 'Inactive' }).where('id', '=', o.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'DiskOffering', resourceId: o.id, description: `deleted disk offering ${o.name}` };
    return success();
  },
});
