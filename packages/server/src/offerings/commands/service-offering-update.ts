import { defineCommand, object, success } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { commonChanges, scopeChanges, writeOffering } from '../offering-write.ts';
import { assertMayManage } from '../scope.ts';
import { getServiceOffering, loadServiceOfferingResponses } from '../service-offering.ts';
import { oneOf } from '../validate.ts';

export const updateServiceOffering = defineCommand({
  name: 'updateServiceOffering',
  description: 'Updates a service offering\'s name, display text, order, state, tags or domain and zone limits',
  access: access.domainAdmins,
  event: 'SERVICE.OFFERING.EDIT',
  params: {
    id: { type: 'uuid', entity: 'ServiceOffering', required: true, description: 'The ID of the service offering to be updated' },
    name: { type: 'string', description: 'The name of the service offering' },
    displaytext: { type: 'string', length: 4096, description: 'The display text of the service offering' },
    sortkey: { type: 'integer', description: 'Sort key of the service offering' },
    state: { type: 'string', description: 'Active or Inactive (an inactive offering cannot be used for new VMs)' },
    hosttags: { type: 'string', description: 'The host tags of the offering' },
    storagetags: { type: 'string', description: 'The storage tags of the offering' },
    domainid: { type: 'string', description: 'Comma-separated domain IDs the offering is limited to, or "public"' },
    zoneid: { type: 'string', description: 'Comma-separated zone IDs the offering is limited to, or "all"' },
  },
  response: { type: 'object', name: 'serviceoffering' },
  async handler(ctx, p) {
    const o = await getServiceOffering(ctx.db, p.id as string);
    await assertMayManage(ctx.db, ctx.caller, o.id);
    const state = oneOf('state', p.state, ['Active', 'Inactive']);
    const scopes = await scopeChanges(ctx.db, ctx.caller, p);
    const set: Partial<typeof o> = commonChanges(p, state);
    if (p.hosttags !== undefined) set.host_tags = p.hosttags as string;
    if (p.storagetags !== undefined) set.storage_tags = p.storagetags as string;
    await writeOffering(ctx.db, o.id, scopes, async (trx) => {
      if (Object.keys(set).length) await trx.updateTable('service_offering').set(set).where('id', '=', o.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'ServiceOffering', resourceId: o.id, description: `updated service offering ${set.name ?? o.name}` };
    const [response] = await loadServiceOfferingResponses(ctx.db, [await getServiceOffering(ctx.db, o.id)]);
    return object(response);
  },
});

export const deleteServiceOffering = defineCommand({
  name: 'deleteServiceOffering',
  description: 'Deletes a service offering; VMs deployed with it keep running and keep its name',
  access: access.domainAdmins,
  event: 'SERVICE.OFFERING.DELETE',
  params: { id: { type: 'uuid', entity: 'ServiceOffering', required: true, description: 'The ID of the service offering' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const o = await getServiceOffering(ctx.db, p.id as string);
    await assertMayManage(ctx.db, ctx.caller, o.id);
    await ctx.db.updateTable('service_offering').set({ removed: new Date().toISOString(), state: 'Inactive' }).where('id', '=', o.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'ServiceOffering', resourceId: o.id, description: `deleted service offering ${o.name}` };
    return success();
  },
});
