import { defineCommand, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { endSessions } from '../accounts.ts';
import { assertNotSelf, findUserToManage } from '../users.ts';

export const deleteUser = defineCommand({
  name: 'deleteUser',
  description: 'Deletes a user and ends its sessions; the default admin user cannot be deleted',
  access: access.domainAdmins,
  event: 'USER.DELETE',
  params: { id: { type: 'uuid', entity: 'User', required: true, description: 'ID of the user' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const { user } = await findUserToManage(ctx, p.id as string, 'delete users of');
    if (user.is_default === 1) throw errors.paramError(`The user ${user.username} is default and can't be (re)moved`);
    assertNotSelf(ctx, user, 'delete');
    ctx.event = { ...ctx.event, resourceType: 'User', resourceId: user.id, description: `deleted user ${user.username}` };
    await ctx.db.deleteFrom('user').where('id', '=', user.id).execute();
    await endSessions(ctx, [user.id]);
    return success();
  },
});
