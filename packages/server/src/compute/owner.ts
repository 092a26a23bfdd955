import type { CommandContext } from '../kernel/command.ts';

/** Account and domain names for response fields, in one query per set of ids. */
export async function ownerNames(
  ctx: Pick<CommandContext, 'db'>,
  accountIds: string[],
): Promise<Map<string, { account: string; domainId: string; domain: string; domainPath: string }>> {
  if (accountIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'domain.id as domain_id', 'domain.name as domain_name', 'domain.path'])
    .where('account.id', 'in', [...new Set(accountIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, { account: r.name, domainId: r.domain_id, domain: r.domain_name, domainPath: r.path }]));
}
