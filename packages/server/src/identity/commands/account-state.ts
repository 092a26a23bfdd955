import type { CommandContext, CommandResult } from '../../kernel/command.ts';
import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { endSessions, findAccountForAction, type AccountRef } from '../accounts.ts';
import { loadAccountResponses } from '../responses.ts';

const accountRefParams = {
  id: { type: 'uuid', entity: 'Account', description: 'ID of the account' },
  account: { type: 'string', description: 'Name of the account (with domainid)' },
  domainid: { type: 'uuid', entity: 'Domain', description: 'Domain of the account named by account; the caller\'s when omitted' },
} as const;

/**
 * Moves an account to `enabled`, `disabled` or `locked`. The users of an account that is not enabled can neither
 * log in nor call the API (the kernel checks both states); their sessions end at once.
 */
async function setAccountState(ctx: CommandContext, command: string, ref: AccountRef, state: 'enabled' | 'disabled' | 'locked', doing: string): Promise<CommandResult> {
  const { account } = await findAccountForAction(ctx, command, ref, doing);
  if (state !== 'enabled' && account.id === ctx.caller.accountId) throw errors.paramError(`You cannot ${doing} the account you are logged in as`);
  ctx.event = { ...ctx.event, resourceType: 'Account', resourceId: account.id, description: `${state} account ${account.name}` };
  await ctx.db.updateTable('account').set({ state }).where('id', '=', account.id).execute();
  if (state !== 'enabled') {
    const users = await ctx.db.selectFrom('user').select('id').where('account_id', '=', account.id).execute();
    await endSessions(ctx, users.map((u) => u.id));
  }
  const [response] = await loadAccountResponses(ctx.db, [{ ...account, state }]);
  return object(response);
}

const refOf = (p: Record<string, unknown>): AccountRef => ({
  id: p.id as string | undefined,
  account: p.account as string | undefined,
  domainid: p.domainid as string | undefined,
});

export const disableAccount = defineCommand({
  name: 'disableAccount',
  description: 'Disables an account, or locks it with lock=true; its users can no longer log in or call the API',
  access: access.domainAdmins,
  async: true,
  event: 'ACCOUNT.DISABLE',
  jobInstance: { type: 'Account', idParam: 'id' },
  params: {
    ...accountRefParams,
    lock: { type: 'boolean', required: true, description: 'true to lock the account, false to disable it' },
  },
  response: { type: 'object', name: 'account' },
  handler: (ctx, p) => setAccountState(ctx, 'disableAccount', refOf(p), p.lock === true ? 'locked' : 'disabled', p.lock === true ? 'lock' : 'disable'),
});

export const enableAccount = defineCommand({
  name: 'enableAccount',
  description: 'Enables a disabled or locked account',
  access: access.domainAdmins,
  event: 'ACCOUNT.ENABLE',
  params: accountRefParams,
  response: { type: 'object', name: 'account' },
  handler: (ctx, p) => setAccountState(ctx, 'enableAccount', refOf(p), 'enabled', 'enable'),
});

export const lockAccount = defineCommand({
  name: 'lockAccount',
  description: 'Locks an account; its users can no longer log in or call the API',
  access: access.domainAdmins,
  // CloudStack records locking as ACCOUNT.DISABLE too.
  event: 'ACCOUNT.DISABLE',
  params: {
    account: { type: 'string', required: true, description: 'Name of the account' },
    domainid: { type: 'uuid', entity: 'Domain', required: true, description: 'Domain of the account' },
  },
  response: { type: 'object', name: 'account' },
  handler: (ctx, p) => setAccountState(ctx, 'lockAccount', refOf(p), 'locked', 'lock'),
});
