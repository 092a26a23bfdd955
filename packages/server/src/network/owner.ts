import type { CommandContext, Params } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { assertAccess, assertDomainAccess, findDomain } from '../identity/scope.ts';

export interface Owner {
  accountId: string;
  accountName: string;
  domainId: string;
  domainPath: string;
}

/**
 * Who owns what a create command makes: the caller's account, or with `account` (and `domainid`, defaulting to the
 * caller's domain) another account the caller reaches, as CloudStack's createNetwork/createVolume take them.
 */
export async function ownerFor(ctx: CommandContext, p: Params): Promise<Owner> {
  const caller = ctx.caller;
  if (!p.account) {
    if (p.domainid && p.domainid !== caller.domainId) throw errors.paramError('Parameter domainid needs account: give both to create for another account');
    return { accountId: caller.accountId, accountName: caller.accountName, domainId: caller.domainId, domainPath: caller.domainPath };
  }
  const domain = p.domainid ? await findDomain(ctx, p.domainid as string) : undefined;
  if (domain) assertDomainAccess(caller, domain);
  const domainId = domain?.id ?? caller.domainId;
  const row = await ctx.db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'domain.path'])
    .where('account.name', '=', p.account as string)
    .where('account.domain_id', '=', domainId)
    .executeTakeFirst();
  if (!row) throw errors.paramError(`Unable to find account ${p.account as string} in domain ${domainId}`);
  assertAccess(caller, { accountId: row.id, domainPath: row.path }, 'account');
  return { accountId: row.id, accountName: row.name, domainId, domainPath: row.path };
}
