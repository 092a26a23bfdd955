import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { tagFilter } from '../../operations/index.ts';
import { listScope, scopeCondition } from '../../identity/scope.ts';
import { volumeResponses } from '../volumes.ts';

export const listVolumes = defineCommand({
  name: 'listVolumes',
  description: 'Lists the volumes the caller may see',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    tags: { type: 'map', description: 'Only those with these tags: tags[0].key=...&tags[0].value=...' },
    id: { type: 'uuid', description: 'The ID of the volume' },
    ids: { type: 'list', of: 'uuid', description: 'The IDs of the volumes' },
    name: { type: 'string', description: 'The name of the volume' },
    type: { type: 'string', description: 'The type of the volume (ROOT, DATADISK)' },
    state: { type: 'string', description: 'The state of the volume' },
    zoneid: { type: 'uuid', description: 'The zone of the volumes' },
    virtualmachineid: { type: 'uuid', description: 'The VM the volumes are attached to' },
    diskofferingid: { type: 'uuid', description: 'The disk offering of the volumes' },
    storageid: { type: 'uuid', description: 'The primary storage pool of the volumes' },
    displayvolume: { type: 'boolean', description: 'List volumes shown (true) or hidden (false) to end users' },
  },
  response: { type: 'list', listKey: 'volume' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('volume').where(scopeCondition(scope, { account: 'volume.account_id', domain: 'volume.domain_id' }));
    if (p.id) q = q.where('volume.id', '=', p.id as string);
    if (p.ids) q = q.where('volume.id', 'in', p.ids as string[]);
    if (p.name) q = q.where('volume.name', '=', p.name as string);
    if (p.type) q = q.where('volume.type', '=', (p.type as string).toUpperCase());
    if (p.state) q = q.where((eb) => eb(eb.fn('lower', ['volume.state']), '=', (p.state as string).toLowerCase()));
    if (p.zoneid) q = q.where('volume.zone_id', '=', p.zoneid as string);
    if (p.virtualmachineid) q = q.where('volume.vm_id', '=', p.virtualmachineid as string);
    if (p.diskofferingid) q = q.where('volume.disk_offering_id', '=', p.diskofferingid as string);
    if (p.storageid) q = q.where('volume.pool_id', '=', p.storageid as string);
    if (p.displayvolume !== undefined) q = q.where('volume.display_volume', '=', p.displayvolume ? 1 : 0);
    if (p.tags) q = q.where(tagFilter('Volume', 'volume.id', p.tags));
    if (p.keyword) q = q.where(containsText('volume.name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll('volume').orderBy('volume.created').orderBy('volume.id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await volumeResponses(ctx.db, rows));
  },
});
