import { defineCommand, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { endSessions, findAccountForAction, removeAccounts } from '../accounts.ts';
import { cleanAccounts } from '../cleanup.ts';

export const deleteAccount = defineCommand({
  name: 'deleteAccount',
  description: 'Deletes an account with its users, their sessions and everything it owns (VMs expunged first)',
  access: access.domainAdmins,
  async: true,
  event: 'ACCOUNT.DELETE',
  jobInstance: { type: 'Account', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Account', required: true, description: 'ID of the account to delete' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const { account } = await findAccountForAction(ctx, 'deleteAccount', { id: p.id as string }, 'delete');
    if (account.id === ctx.caller.accountId) throw errors.paramError('You cannot delete the account you are logged in as');
    if (account.is_default === 1) throw errors.paramError(`The account ${account.name} is a default account and cannot be deleted`);
    ctx.event = { ...ctx.event, resourceType: 'Account', resourceId: account.id, description: `deleted account ${account.name}` };
    await cleanAccounts(ctx, [account.id], 5, 90);
    const userIds = await ctx.db.transaction().execute((trx) => removeAccounts(trx, [account.id]));
    await endSessions(ctx, userIds);
    return success();
  },
});
