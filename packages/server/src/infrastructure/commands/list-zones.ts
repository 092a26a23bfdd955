import { sql, type SqlBool } from 'kysely';
import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access, RoleType } from '../../kernel/roles.ts';
import { capacities } from '../capacities.ts';
import { zoneResponses } from '../responses.ts';

export const listZones = defineCommand({
  name: 'listZones',
  description: 'Lists zones: all of them for admins, the enabled ones open to the caller\'s domain for others',
  access: access.all,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the zone' },
    ids: { type: 'list', of: 'uuid', description: 'The IDs of the zones' },
    name: { type: 'string', description: 'The name of the zone' },
    networktype: { type: 'string', description: 'The network type of the zone: Advanced or Basic' },
    domainid: { type: 'uuid', description: 'The zones dedicated to this domain' },
    available: { type: 'boolean', description: 'Only zones the caller may deploy in (enabled ones)' },
    showcapacities: { type: 'boolean', description: 'Include the zone\'s capacities' },
  },
  response: { type: 'list', listKey: 'zone' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    const operator = ctx.caller.roleType === RoleType.Admin || ctx.caller.roleType === RoleType.ResourceAdmin;
    let q = ctx.db.selectFrom('zone');
    if (!operator) {
      // Others see enabled zones that are public or dedicated to their domain or one above it.
      q = q
        .where('zone.allocation_state', '=', 'Enabled')
        .where(sql<SqlBool>`(zone.domain_id IS NULL OR zone.domain_id IN (SELECT d.id FROM domain d WHERE substr(${ctx.caller.domainPath}, 1, length(d.path)) = d.path))`);
    } else if (p.available) {
      q = q.where('zone.allocation_state', '=', 'Enabled');
    }
    if (p.id) q = q.where('zone.id', '=', p.id as string);
    if (p.ids) q = q.where('zone.id', 'in', p.ids as string[]);
    if (p.name) q = q.where('zone.name', '=', p.name as string);
    if (p.networktype) q = q.where(sql<SqlBool>`lower(zone.network_type) = ${String(p.networktype).toLowerCase()}`);
    if (p.domainid) q = q.where('zone.domain_id', '=', p.domainid as string);
    if (p.keyword) q = q.where(containsText('zone.name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('zone.name').orderBy('zone.id').limit(limit).offset(offset).execute(),
    ]);
    const items = await zoneResponses(ctx.db, rows, { admin: ctx.caller.roleType !== RoleType.User });
    if (p.showcapacities && operator) {
      for (const item of items) item.capacity = await capacities(ctx.db, { zoneId: item.id as string });
    }
    return list(Number(count), items);
  },
});
