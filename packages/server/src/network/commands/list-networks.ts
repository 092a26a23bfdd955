import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { tagFilter } from '../../operations/index.ts';
import { isRootAdmin, listScope, scopeCondition } from '../../identity/scope.ts';
import { networkResponses } from '../networks.ts';

export const listNetworks = defineCommand({
  name: 'listNetworks',
  description: 'Lists the guest networks the caller may see',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    tags: { type: 'map', description: 'Only networks with these tags: tags[0].key=...&tags[0].value=...' },
    id: { type: 'uuid', description: 'List the network with this ID' },
    name: { type: 'string', description: 'List networks by name' },
    zoneid: { type: 'uuid', description: 'List networks of this zone' },
    networkofferingid: { type: 'uuid', description: 'List networks created from this offering' },
    type: { type: 'string', description: 'List networks by guest type (Isolated, Shared, L2)' },
    traffictype: { type: 'string', description: 'List networks by traffic type' },
    canusefordeploy: { type: 'boolean', description: 'List networks VMs can be deployed into' },
    displaynetwork: { type: 'boolean', description: 'List networks shown (true) or hidden (false) to end users' },
    issystem: { type: 'boolean', description: 'true lists system networks, which guests never see' },
  },
  response: { type: 'list', listKey: 'network' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('network').where(scopeCondition(scope, { account: 'network.account_id', domain: 'network.domain_id' }));
    if (p.id) q = q.where('network.id', '=', p.id as string);
    if (p.name) q = q.where('network.name', '=', p.name as string);
    if (p.zoneid) q = q.where('network.zone_id', '=', p.zoneid as string);
    if (p.networkofferingid) q = q.where('network.network_offering_id', '=', p.networkofferingid as string);
    if (p.type) q = q.where((eb) => eb(eb.fn('lower', ['network.guest_type']), '=', (p.type as string).toLowerCase()));
    if (p.displaynetwork !== undefined) q = q.where('network.display_network', '=', p.displaynetwork ? 1 : 0);
    // Every network here carries guest traffic, is usable for deploys and is not a system network.
    const none = (p.traffictype !== undefined && (p.traffictype as string).toLowerCase() !== 'guest') || p.canusefordeploy === false || p.issystem === true;
    if (none) return list(0, []);
    if (p.tags) q = q.where(tagFilter('Network', 'network.id', p.tags));
    if (p.keyword) q = q.where((eb) => eb.or([containsText('network.name', p.keyword as string), containsText('network.display_text', p.keyword as string)]));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll('network').orderBy('network.created').orderBy('network.id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await networkResponses(ctx.db, rows, { rootAdmin: isRootAdmin(ctx.caller) }));
  },
});
