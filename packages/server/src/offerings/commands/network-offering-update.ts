import { defineCommand, object, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { findNetworkOffering, loadNetworkOfferingResponses } from '../network-offering.ts';
import { commonChanges, scopeChanges, writeOffering } from '../offering-write.ts';
import { assertMayManage } from '../scope.ts';
import { oneOf, positive } from '../validate.ts';

export const updateNetworkOffering = defineCommand({
  name: 'updateNetworkOffering',
  description: 'Updates a network offering\'s name, display text, order, availability, state, tags or domain and zone limits',
  access: access.domainAdmins,
  event: 'NETWORK.OFFERING.EDIT',
  params: {
    id: { type: 'uuid', entity: 'NetworkOffering', required: true, description: 'The ID of the network offering' },
    name: { type: 'string', description: 'The name of the network offering' },
    displaytext: { type: 'string', length: 4096, description: 'The display text of the network offering' },
    sortkey: { type: 'integer', description: 'Sort key of the network offering' },
    availability: { type: 'string', description: 'Optional or Required' },
    state: { type: 'string', description: 'Enabled or Disabled' },
    maxconnections: { type: 'integer', description: 'Maximum number of concurrent connections of the load balancer' },
    tags: { type: 'string', description: 'The tags of the network offering' },
    domainid: { type: 'string', description: 'Comma-separated domain IDs the offering is limited to, or "public"' },
    zoneid: { type: 'string', description: 'Comma-separated zone IDs the offering is limited to, or "all"' },
  },
  response: { type: 'object', name: 'networkoffering' },
  async handler(ctx, p) {
    const o = await findNetworkOffering(ctx.db, p.id as string);
    await assertMayManage(ctx.db, ctx.caller, o.id);
    const state = oneOf('state', p.state, ['Enabled', 'Disabled']);
    const availability = oneOf('availability', p.availability, ['Optional', 'Required']);
    if (availability === 'Required' && !(o.guest_ip_type === 'Isolated' && o.services.includes('"SourceNat"'))) {
      throw errors.paramError('Availability Required is only for Isolated offerings with SourceNat');
    }
    positive('maxconnections', p.maxconnections, 1);
    const scopes = await scopeChanges(ctx.db, ctx.caller, p);
    const set: Partial<typeof o> = commonChanges(p, state);
    if (availability) set.availability = availability;
    if (p.maxconnections !== undefined) set.max_connections = p.maxconnections as number;
    if (p.tags !== undefined) set.tags = p.tags as string;
    await writeOffering(ctx.db, o.id, scopes, async (trx) => {
      if (Object.keys(set).length) await trx.updateTable('network_offering').set(set).where('id', '=', o.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'NetworkOffering', resourceId: o.id, description: `updated network offering ${set.name ?? o.name}` };
    const [response] = await loadNetworkOfferingResponses(ctx.db, [await findNetworkOffering(ctx.db, o.id)]);
    return object(response);
  },
});

export const deleteNetworkOffering = defineCommand({
  name: 'deleteNetworkOffering',
  description: 'Deletes a network offering; the default offerings cannot be deleted',
  access: access.domainAdmins,
  event: 'NETWORK.OFFERING.DELETE',
  params: { id: { type: 'uuid', entity: 'NetworkOffering', required: true, description: 'The ID of the network offering' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const o = await findNetworkOffering(ctx.db, p.id as string);
    await assertMayManage(ctx.db, ctx.caller, o.id);
    if (o.is_default === 1) throw errors.paramError(`Default network offering ${o.name} cannot be deleted`, [o.id]);
    await ctx.db.updateTable('network_offering').set({ removed: new Date().toISOString(), state: 'Disabled' }).where('id', '=', o.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'NetworkOffering', resourceId: o.id, description: `deleted network offering ${o.name}` };
    return success();
  },
});
