import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { isAdmin } from '../../identity/scope.ts';
import { loadDiskOfferingResponses } from '../disk-offering.ts';
import { limitedToDomain, offeredInZone, visibleTo } from '../scope.ts';
import { oneOf } from '../validate.ts';

export const listDiskOfferings = defineCommand({
  name: 'listDiskOfferings',
  description: 'Lists the disk offerings the caller may use (admins: also those of the domains they manage)',
  access: access.all,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'ID of the disk offering' },
    name: { type: 'string', description: 'Name of the disk offering' },
    domainid: { type: 'uuid', description: 'Offerings limited to this domain' },
    zoneid: { type: 'uuid', description: 'Offerings available in this zone' },
    storagetype: { type: 'string', description: 'local or shared' },
    encrypt: { type: 'boolean', description: 'Offerings that encrypt (true) or do not (false)' },
    state: { type: 'string', description: 'Active (default), Inactive or all' },
  },
  response: { type: 'list', listKey: 'diskoffering' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    const state = oneOf('state', p.state, ['Active', 'Inactive', 'all']) ?? 'Active';
    let q = ctx.db.selectFrom('disk_offering').where('removed', 'is', null).where(visibleTo(ctx.caller, 'disk_offering.id'));
    // Offerings hidden from end users (displayoffering=false) stay visible to admins, as in CloudStack.
    if (!isAdmin(ctx.caller)) q = q.where('display_offering', '=', 1);
    if (state !== 'all') q = q.where('state', '=', state);
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.keyword) q = q.where(containsText('disk_offering.name', p.keyword as string));
    if (p.domainid) q = q.where(limitedToDomain(p.domainid as string, 'disk_offering.id'));
    if (p.zoneid) q = q.where(offeredInZone(p.zoneid as string, 'disk_offering.id'));
    if (p.storagetype) q = q.where('storage_type', '=', (p.storagetype as string).toLowerCase());
    if (p.encrypt !== undefined) q = q.where('encrypt', '=', p.encrypt ? 1 : 0);
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('sort_key').orderBy('created').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await loadDiskOfferingResponses(ctx.db, rows));
  },
});
