import { defineCommand, type ResponseObject } from '../../../kernel/command.ts';
import { access } from '../../../kernel/roles.ts';
import { findAccountForAction } from '../../accounts.ts';
import { assertDomainAccess, findDomain } from '../../scope.ts';
import { countsOf, recount } from '../counts.ts';
import { countResponse, typesParam, type OwnerView } from './shared.ts';

export const updateResourceCount = defineCommand({
  name: 'updateResourceCount',
  description: 'Recalculates resource counts of an account, or of every account and domain of a domain subtree, from the resources they hold',
  access: access.admins,
  event: 'RESOURCE.COUNT.UPDATE',
  params: {
    domainid: { type: 'uuid', entity: 'Domain', required: true, description: 'Recount this domain (its whole subtree), or the account named by account in it' },
    account: { type: 'string', description: 'Recount only this account of domainid' },
    resourcetype: { type: 'integer', description: 'Recount only this type of resource (0 user_vm ... 11 secondary_storage); all when absent' },
  },
  // CloudStack answers a list (`count`, `resourcecount`) although the command is not a list command.
  response: { type: 'raw' },
  async handler(ctx, p) {
    const types = typesParam('updateResourceCount', p.resourcetype as number | undefined);
    let owner: OwnerView;
    if (p.account !== undefined) {
      const ref = { account: p.account as string, domainid: p.domainid as string };
      owner = await findAccountForAction(ctx, 'updateResourceCount', ref, 'update resource counts of');
    } else {
      const domain = await findDomain(ctx, p.domainid as string);
      assertDomainAccess(ctx.caller, domain);
      owner = { domain };
    }
    await ctx.db.transaction().execute((trx) => recount(trx, owner.domain, owner.account?.id, types));
    const counts = await countsOf(ctx.db, owner.account ? { type: 'account', id: owner.account.id } : { type: 'domain', id: owner.domain.id });
    const what = owner.account ? `account ${owner.account.name}` : `domain ${owner.domain.name}`;
    ctx.event = { ...ctx.event, resourceType: owner.account ? 'Account' : 'Domain', resourceId: owner.account?.id ?? owner.domain.id, description: `recounted the resources of ${what}` };
    const items: ResponseObject[] = types.map((t) => countResponse(owner, t, counts.get(t.id) ?? 0));
    return { kind: 'raw', body: { count: items.length, resourcecount: items } };
  },
});
