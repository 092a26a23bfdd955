import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { accountsUsingRole, assertNotBuiltin, assertRoleNameFree, checkRoleName, findRole, parseRoleType, roleResponse } from '../roles.ts';

export const updateRole = defineCommand({
  name: 'updateRole',
  description: 'Updates a role\'s name, type, description or visibility; a default role can only be made public or private',
  access: access.rootAdmin,
  event: 'ROLE.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'Role', required: true, description: 'ID of the role' },
    name: { type: 'string', description: 'New name of the role' },
    type: { type: 'string', description: 'New type of the role; only while no account has the role' },
    description: { type: 'string', description: 'New description of the role' },
    ispublic: { type: 'boolean', description: 'Whether the role is visible to and assignable by domain admins' },
  },
  response: { type: 'object', name: 'role' },
  async handler(ctx, p) {
    const role = await findRole(ctx, p.id as string);
    const name = p.name === undefined ? undefined : checkRoleName('updateRole', p.name as string);
    const type = p.type === undefined ? undefined : parseRoleType('updateRole', p.type as string);
    // CloudStack lets a default role change its visibility and nothing else.
    if (name !== undefined || type !== undefined || p.description !== undefined) assertNotBuiltin(role, 'changing name, type or description');
    const changes = {
      ...(name !== undefined && { name }),
      ...(type !== undefined && { type }),
      ...(p.description !== undefined && { description: p.description as string }),
      ...(p.ispublic !== undefined && { is_public: p.ispublic === true ? 1 : 0 }),
    };
    await ctx.db.transaction().execute(async (trx) => {
      if (name !== undefined) await assertRoleNameFree(trx, name, role.id);
      if (type !== undefined && type !== role.type && (await accountsUsingRole(trx, role.id)) > 0) {
        throw errors.inUse(`Role ${role.name} is in use by accounts; its type cannot change`, [role.id]);
      }
      if (Object.keys(changes).length > 0) await trx.updateTable('role').set(changes).where('id', '=', role.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'Role', resourceId: role.id, description: `updated role ${name ?? role.name}` };
    return object(roleResponse({ ...role, ...changes }));
  },
});
