import { defineCommand, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { invalidateRoleRules } from '../directory.ts';
import { accountsUsingRole, assertNotBuiltin, findRole } from '../roles.ts';

export const deleteRole = defineCommand({
  name: 'deleteRole',
  description: 'Deletes a role and its rules; a default role, or one an account has, cannot be deleted',
  access: access.rootAdmin,
  event: 'ROLE.DELETE',
  params: { id: { type: 'uuid', entity: 'Role', required: true, description: 'ID of the role' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const role = await findRole(ctx, p.id as string);
    assertNotBuiltin(role, 'deleting');
    ctx.event = { ...ctx.event, resourceType: 'Role', resourceId: role.id, description: `deleted role ${role.name}` };
    await ctx.db.transaction().execute(async (trx) => {
      const users = await accountsUsingRole(trx, role.id);
      if (users > 0) throw errors.inUse(`Role ${role.name} is in use by ${users} account(s); give them another role first`, [role.id]);
      await trx.deleteFrom('role_permission').where('role_id', '=', role.id).execute();
      await trx.deleteFrom('role').where('id', '=', role.id).execute();
    });
    invalidateRoleRules(role.id);
    return success();
  },
});
