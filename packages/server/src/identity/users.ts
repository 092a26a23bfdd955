import type { Database } from '../db/schema.ts';
import type { CommandContext } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { SYSTEM_USER_ID } from './bootstrap.ts';
import { assertAccess } from './scope.ts';

/** The user with this id, if the caller may act on it (its own user, or one in an account within its reach). */
export async function findUserForAction(ctx: CommandContext, id: string): Promise<Database['user']> {
  const row = await ctx.db
    .selectFrom('user')
    .innerJoin('account', 'account.id', 'user.account_id')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .selectAll('user')
    .select(['domain.path as domainPath'])
    .where('user.id', '=', id)
    .executeTakeFirst();
  if (!row || row.id === SYSTEM_USER_ID) throw errors.notFound('user', id);
  if (row.id !== ctx.caller.userId) assertAccess(ctx.caller, { accountId: row.account_id, domainPath: row.domainPath }, 'user');
  const { domainPath: _, ...user } = row;
  return user;
}
