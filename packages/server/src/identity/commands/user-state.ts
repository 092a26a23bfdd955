import { defineCommand, object, type CommandContext } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { endSessions } from '../accounts.ts';
import { loadUserResponses } from '../responses.ts';
import { assertNotSelf, findUserToManage } from '../users.ts';

const idParam = { id: { type: 'uuid', entity: 'User', required: true, description: 'ID of the user' } } as const;

async function answer(ctx: CommandContext, id: string) {
  const user = await ctx.db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const [response] = await loadUserResponses(ctx.db, [user]);
  return object(response);
}

export const disableUser = defineCommand({
  name: 'disableUser',
  description: 'Disables a user: it can no longer log in or call the API, and its sessions end',
  access: access.domainAdmins,
  async: true,
  event: 'USER.DISABLE',
  jobInstance: { type: 'User', idParam: 'id' },
  params: idParam,
  response: { type: 'object', name: 'user' },
  async handler(ctx, p) {
    const { user } = await findUserToManage(ctx, p.id as string, 'disable users of');
    assertNotSelf(ctx, user, 'disable');
    ctx.event = { ...ctx.event, resourceType: 'User', resourceId: user.id, description: `disabled user ${user.username}` };
    await ctx.db.updateTable('user').set({ state: 'disabled' }).where('id', '=', user.id).execute();
    await endSessions(ctx, [user.id]);
    return answer(ctx, user.id);
  },
});

export const enableUser = defineCommand({
  name: 'enableUser',
  description: 'Enables a disabled or locked user and its account, and clears its failed login count',
  access: access.domainAdmins,
  event: 'USER.ENABLE',
  params: idParam,
  response: { type: 'object', name: 'user' },
  async handler(ctx, p) {
    const { user, account } = await findUserToManage(ctx, p.id as string, 'enable users of');
    ctx.event = { ...ctx.event, resourceType: 'User', resourceId: user.id, description: `enabled user ${user.username}` };
    // CloudStack enables the account too: a user of an account that is not enabled could not act.
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('user').set({ state: 'enabled', login_attempts: 0 }).where('id', '=', user.id).execute();
      await trx.updateTable('account').set({ state: 'enabled' }).where('id', '=', account.id).execute();
    });
    return answer(ctx, user.id);
  },
});

export const lockUser = defineCommand({
  name: 'lockUser',
  description: 'Locks an enabled user and ends its sessions; locking the last enabled user of an account locks the account',
  access: access.domainAdmins,
  event: 'USER.LOCK',
  params: idParam,
  response: { type: 'object', name: 'user' },
  async handler(ctx, p) {
    const { user, account } = await findUserToManage(ctx, p.id as string, 'lock users of');
    assertNotSelf(ctx, user, 'lock');
    ctx.event = { ...ctx.event, resourceType: 'User', resourceId: user.id, description: `locked user ${user.username}` };
    if (user.state === 'locked') return answer(ctx, user.id);
    if (user.state !== 'enabled') throw errors.paramError(`Only an enabled user can be locked; user ${user.username} is ${user.state}`);
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('user').set({ state: 'locked' }).where('id', '=', user.id).execute();
      const enabled = await trx.selectFrom('user').select('id').where('account_id', '=', account.id).where('state', '=', 'enabled').executeTakeFirst();
      if (!enabled) await trx.updateTable('account').set({ state: 'locked' }).where('id', '=', account.id).execute();
    });
    await endSessions(ctx, [user.id]);
    return answer(ctx, user.id);
  },
});
