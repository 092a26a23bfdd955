import type { Database } from '../db/schema.ts';
import type { CommandContext } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { assertRoleWithinReach } from './accounts.ts';
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

/**
 * The user a management command (update, delete, state change) acts on, with its account: reachable as for
 * `findUserForAction`, and not in an account of a stronger role type than the caller's (CloudStack's
 * `verifyCallerPrivilegeForUserOrAccountOperations`): a domain admin cannot change a root admin's user.
 */
export async function findUserToManage(ctx: CommandContext, id: string, doing: string): Promise<{ user: Database['user']; account: Database['account'] }> {
  const user = await findUserForAction(ctx, id);
  const account = await ctx.db.selectFrom('account').selectAll().where('id', '=', user.account_id).executeTakeFirstOrThrow();
  const role = await ctx.db.selectFrom('role').select('type').where('id', '=', account.role_id).executeTakeFirstOrThrow();
  assertRoleWithinReach(ctx.caller, role.type, doing);
  return { user, account };
}

/** Refuses (431) an action that would lock the caller out of its own user. */
export function assertNotSelf(ctx: CommandContext, user: Database['user'], doing: string): void {
  if (user.id === ctx.caller.userId) throw errors.paramError(`You cannot ${doing} the user you are logged in as`);
}
