import { defineCommand, list, type ResponseObject } from '../../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../../kernel/paging.ts';
import { access } from '../../../kernel/roles.ts';
import { inSubtree } from '../../domains.ts';
import { listScope } from '../../scope.ts';
import { domainChain, Limits } from '../owners.ts';
import { limitResponse, typeByNameParam, typesParam, type OwnerView } from './shared.ts';

/**
 * The limits in force (set, inherited or default) of one account, or of a domain and with isrecursive its
 * subdomains. Without account or domainid a caller sees its own account's limits, as in CloudStack.
 */
export const listResourceLimits = defineCommand({
  name: 'listResourceLimits',
  description: 'Lists resource limits',
  access: access.all,
  params: {
    ...listParams,
    account: scopeParams.account,
    domainid: scopeParams.domainid,
    isrecursive: scopeParams.isrecursive,
    resourcetype: { type: 'integer', description: 'Type of resource, by number (0 user_vm ... 11 secondary_storage)' },
    resourcetypename: { type: 'string', description: 'Type of resource, by name (user_vm, public_ip, volume, snapshot, template, project, network, vpc, cpu, memory, primary_storage, secondary_storage)' },
  },
  response: { type: 'list', listKey: 'resourcelimit' },
  async handler(ctx, p) {
    let types = typesParam('listResourceLimits', p.resourcetype as number | undefined);
    if (p.resourcetypename !== undefined) {
      const named = typeByNameParam('listResourceLimits', p.resourcetypename as string);
      types = types.filter((t) => t.id === named.id);
    }
    if (p.keyword) types = types.filter((t) => t.name.includes((p.keyword as string).toLowerCase()));
    const { limit, offset } = await paging(ctx, p);
    const scope = await listScope(ctx, p);
    const items: ResponseObject[] = [];
    if (scope.kind === 'account') {
      const account = await ctx.db.selectFrom('account').selectAll().where('id', '=', scope.accountId).executeTakeFirstOrThrow();
      const domain = await ctx.db.selectFrom('domain').selectAll().where('id', '=', account.domain_id).executeTakeFirstOrThrow();
      const limits = await Limits.load(ctx.db, ctx.settings, [{ type: 'account', id: account.id }]);
      for (const t of types) items.push(limitResponse({ account, domain }, t, await limits.ofAccount(account, t)));
    } else if (scope.kind === 'domain') {
      const top = await domainChain(ctx.db, scope.path);
      const below = scope.recursive
        ? await ctx.db.selectFrom('domain').selectAll().where(inSubtree(scope.path)).where('id', '!=', scope.domainId).orderBy('path').execute()
        : [];
      const limits = await Limits.load(ctx.db, ctx.settings, [...top, ...below].map((d) => ({ type: 'domain' as const, id: d.id })));
      for (const domain of [top[0], ...below]) {
        const chain = [domain, ...[...below, ...top].filter((d) => d.id !== domain.id && domain.path.startsWith(d.path))].sort((a, b) => b.level - a.level);
        const owner: OwnerView = { domain };
        for (const t of types) items.push(limitResponse(owner, t, await limits.ofDomain(chain, t)));
      }
    }
    return list(items.length, items.slice(offset, offset + limit));
  },
});
