import { defineCommand, object } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { access, AccountType } from '../../../kernel/roles.ts';
import { findAccountForAction } from '../../accounts.ts';
import { assertDomainAccess, findDomain, isRootAdmin } from '../../scope.ts';
import { ROOT_DOMAIN_ID } from '../../bootstrap.ts';
import { domainChain, Limits } from '../owners.ts';
import { limitResponse, typesParam, type OwnerView } from './shared.ts';

export const updateResourceLimit = defineCommand({
  name: 'updateResourceLimit',
  description: 'Updates the resource limit of an account, or of a domain (which bounds the sum of its whole subtree)',
  access: access.domainAdmins,
  event: 'RESOURCE.LIMIT.UPDATE',
  params: {
    resourcetype: { type: 'integer', required: true, description: 'Type of resource: 0 user_vm, 1 public_ip, 2 volume, 3 snapshot, 4 template, 5 project, 6 network, 7 vpc, 8 cpu, 9 memory (MiB), 10 primary_storage (GiB), 11 secondary_storage (GiB)' },
    max: { type: 'long', description: 'Maximum resource limit; -1 (the default) for unlimited' },
    account: { type: 'string', description: 'Update the limit of this account (in domainid, the caller\'s domain by default)' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Update the limit of this domain, or with account, the domain of the account' },
  },
  response: { type: 'object', name: 'resourcelimit' },
  async handler(ctx, p) {
    const [type] = typesParam('updateResourceLimit', p.resourcetype as number);
    const max = (p.max as number | undefined) ?? -1;
    if (max < -1) throw errors.invalidParam('updateResourceLimit', 'max', String(max), "specify either '-1' for an infinite limit, or a limit that is at least '0'");
    let owner: OwnerView;
    if (p.account !== undefined) {
      const ref = { account: p.account as string, domainid: p.domainid as string | undefined };
      const { account, domain } = await findAccountForAction(ctx, 'updateResourceLimit', ref, 'update resource limits of');
      if (account.type === AccountType.Admin && max !== -1) throw errors.paramError(`Only -1 (unlimited) is supported for root admin accounts such as ${account.name}`, [account.id]);
      if (account.id === ctx.caller.accountId && !isRootAdmin(ctx.caller)) throw errors.permissionDenied(`Account ${account.name} cannot update its own resource limits`, [account.id]);
      owner = { account, domain };
    } else if (p.domainid !== undefined) {
      const domain = await findDomain(ctx, p.domainid as string);
      assertDomainAccess(ctx.caller, domain);
      if (domain.id === ROOT_DOMAIN_ID) throw errors.permissionDenied(`Cannot update resource limit for ROOT domain ${domain.id}, permission denied: it is unlimited`, [domain.id]);
      if (domain.id === ctx.caller.domainId && !isRootAdmin(ctx.caller)) throw errors.permissionDenied(`Unable to update resource limit for domain ${domain.id}, permission denied: it is the caller's own domain`, [domain.id]);
      const parents = (await domainChain(ctx.db, domain.path)).slice(1);
      const parentMax = await (await Limits.load(ctx.db, ctx.settings, parents.map((d) => ({ type: 'domain' as const, id: d.id })))).ofDomain(parents, type);
      if (parentMax >= 0 && max > parentMax) {
        throw errors.paramError(`Domain ${parents[0].name} (id: ${parents[0].id}) has maximum allowed resource limit ${parentMax} for ${type.name}; specify a value less than or equal to ${parentMax}`);
      }
      owner = { domain };
    } else {
      throw errors.paramError('Unable to execute API command updateresourcelimit: either account (with domainid) or domainid must be given');
    }
    const ownerType = owner.account ? ('account' as const) : ('domain' as const);
    const ownerId = owner.account?.id ?? owner.domain.id;
    await ctx.db
      .insertInto('resource_limit')
      .values({ owner_type: ownerType, owner_id: ownerId, resource_type: type.id, max })
      .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'resource_type']).doUpdateSet({ max }))
      .execute();
    const name = owner.account ? `account ${owner.account.name}` : `domain ${owner.domain.name}`;
    ctx.event = { ...ctx.event, resourceType: owner.account ? 'Account' : 'Domain', resourceId: ownerId, description: `set the ${type.name} limit of ${name} to ${max}` };
    return object(limitResponse(owner, type, max));
  },
});
