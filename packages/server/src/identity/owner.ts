import type { CommandContext, Params } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { assertAccess, assertDomainAccess, findDomain } from './scope.ts';

export interface Owner {
  accountId: string;
  accountName: string;
  domainId: string;
  domainPath: string;
}

/**
 * The account a create command works for: the caller's own, or (for admins) `account` in `domainid` (the caller's
 * domain by default), as CloudStack's `account`/`domainid` parameters name it. 531 outside the caller's reach.
 */
export async function resolveOwner(ctx: CommandContext, p: Params): Promise<Owner> {
  const caller = ctx.caller;
  const accountName = p.account as string | undefined;
  const domainId = p.domainid as string | undefined;
  if (!accountName) {
    if (domainId && domainId !== caller.domainId) {
      throw errors.paramError('Parameter domainid can only be given together with account');
    }
    return { accountId: caller.accountId, accountName: caller.accountName, domainId: caller.domainId, domainPath: caller.domainPath };
  }
  const domain = domainId ? await findDomain(ctx, domainId) : undefined;
  if (domain) assertDomainAccess(caller, domain);
  const row = await ctx.db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'account.domain_id', 'domain.path'])
    .where('account.name', '=', accountName)
    .where('account.domain_id', '=', domain?.id ?? caller.domainId)
    .executeTakeFirst();
  if (!row) throw errors.paramError(`Unable to find account ${accountName} in domain ${domain?.id ?? caller.domainId}`);
  assertAccess(caller, { accountId: row.id, domainPath: row.path }, 'account');
  return { accountId: row.id, accountName: row.name, domainId: row.domain_id, domainPath: row.path };
}
