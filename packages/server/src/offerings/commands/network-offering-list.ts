import { sql, type SqlBool } from 'kysely';
import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { isAdmin } from '../../identity/scope.ts';
import { loadNetworkOfferingResponses, servicesOf } from '../network-offering.ts';
import { limitedToDomain, offeredInZone, visibleTo } from '../scope.ts';
import { oneOf } from '../validate.ts';

export const listNetworkOfferings = defineCommand({
  name: 'listNetworkOfferings',
  description: 'Lists the network offerings the caller may use; users see Enabled ones only',
  access: access.all,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'List network offerings by ID' },
    name: { type: 'string', description: 'List network offerings by name' },
    displaytext: { type: 'string', description: 'List network offerings by display text' },
    guestiptype: { type: 'string', description: 'List network offerings by guest type: Shared, Isolated or L2' },
    traffictype: { type: 'string', description: 'List by traffic type' },
    isdefault: { type: 'boolean', description: 'True to list only the default network offerings' },
    specifyvlan: { type: 'boolean', description: 'True to list offerings whose networks name their VLAN' },
    specifyipranges: { type: 'boolean', description: 'True to list offerings whose networks name their IP ranges' },
    availability: { type: 'string', description: 'List by availability: Optional or Required' },
    state: { type: 'string', description: 'List by state: Enabled or Disabled' },
    forvpc: { type: 'boolean', description: 'True to list offerings for VPC tiers' },
    tags: { type: 'string', description: 'List by tags' },
    supportedservices: { type: 'list', description: 'Offerings supporting all these services' },
    sourcenatsupported: { type: 'boolean', description: 'True to list offerings providing SourceNat' },
    domainid: { type: 'uuid', description: 'Offerings limited to this domain' },
    zoneid: { type: 'uuid', description: 'Offerings available in this zone' },
  },
  response: { type: 'list', listKey: 'networkoffering' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('network_offering').where('removed', 'is', null).where(visibleTo(ctx.caller, 'network_offering.id'));
    const state = oneOf('state', p.state, ['Enabled', 'Disabled']);
    if (state) q = q.where('state', '=', state);
    if (!isAdmin(ctx.caller)) q = q.where('state', '=', 'Enabled');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.displaytext) q = q.where('display_text', '=', p.displaytext as string);
    if (p.keyword) q = q.where(containsText('network_offering.name', p.keyword as string));
    if (p.guestiptype) q = q.where(sql<SqlBool>`lower(guest_ip_type) = ${(p.guestiptype as string).toLowerCase()}`);
    if (p.traffictype) q = q.where(sql<SqlBool>`lower(traffic_type) = ${(p.traffictype as string).toLowerCase()}`);
    if (p.availability) q = q.where(sql<SqlBool>`lower(availability) = ${(p.availability as string).toLowerCase()}`);
    if (p.isdefault !== undefined) q = q.where('is_default', '=', p.isdefault ? 1 : 0);
    if (p.specifyvlan !== undefined) q = q.where('specify_vlan', '=', p.specifyvlan ? 1 : 0);
    if (p.specifyipranges !== undefined) q = q.where('specify_ip_ranges', '=', p.specifyipranges ? 1 : 0);
    if (p.forvpc !== undefined) q = q.where('for_vpc', '=', p.forvpc ? 1 : 0);
    if (p.tags) q = q.where('tags', '=', p.tags as string);
    if (p.domainid) q = q.where(limitedToDomain(p.domainid as string, 'network_offering.id'));
    if (p.zoneid) q = q.where(offeredInZone(p.zoneid as string, 'network_offering.id'));
    const wanted = [...((p.supportedservices as string[] | undefined) ?? []), ...(p.sourcenatsupported ? ['SourceNat'] : [])].map((s) => s.toLowerCase());
    // Services live in a JSON column: the service filters apply after the query, so they page in memory.
    const rows = await q.selectAll().orderBy('sort_key').orderBy('created').orderBy('id').execute();
    const matching = rows.filter((r) => {
      const have = Object.keys(servicesOf(r)).map((s) => s.toLowerCase());
      if (p.sourcenatsupported === false && have.includes('sourcenat')) return false;
      return wanted.every((w) => have.includes(w));
    });
    return list(matching.length, await loadNetworkOfferingResponses(ctx.db, matching.slice(offset, offset + limit)));
  },
});
