import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertRoleNameFree, checkRoleName, findRole, parseRoleType, roleResponse, rulesOf } from '../roles.ts';

export const createRole = defineCommand({
  name: 'createRole',
  description: 'Creates a role of a type, or a copy of another role (its type and rules) with roleid',
  access: access.rootAdmin,
  event: 'ROLE.CREATE',
  params: {
    name: { type: 'string', required: true, description: 'Unique name of the role' },
    type: { type: 'string', description: 'Type of the role: Admin, ResourceAdmin, DomainAdmin or User; not with roleid' },
    roleid: { type: 'uuid', entity: 'Role', description: 'Role to copy: the new role gets its type and rules; not with type' },
    description: { type: 'string', description: 'Description of the role' },
    ispublic: { type: 'boolean', description: 'Whether the role is visible to and assignable by domain admins (default true)' },
  },
  response: { type: 'object', name: 'role' },
  async handler(ctx, p) {
    const name = checkRoleName('createRole', p.name as string);
    if (p.type !== undefined && p.roleid !== undefined) throw errors.paramError('Both role type and role ID should not be specified');
    if (p.type === undefined && p.roleid === undefined) throw errors.paramError('Neither role type nor role ID is provided');
    const source = p.roleid === undefined ? undefined : await findRole(ctx, p.roleid as string);
    const type = source?.type ?? parseRoleType('createRole', p.type as string);
    const role = {
      id: crypto.randomUUID(),
      name,
      type,
      description: (p.description as string | undefined) ?? '',
      is_default: 0,
      is_public: p.ispublic === false ? 0 : 1,
      state: 'enabled',
      created: new Date().toISOString(),
    };
    await ctx.db.transaction().execute(async (trx) => {
      await assertRoleNameFree(trx, name);
      await trx.insertInto('role').values(role).execute();
      const rules = source ? await rulesOf(trx, source.id) : [];
      if (rules.length > 0) {
        await trx
          .insertInto('role_permission')
          .values(rules.map((r) => ({ ...r, id: crypto.randomUUID(), role_id: role.id })))
          .execute();
      }
    });
    ctx.event = {
      ...ctx.event,
      resourceType: 'Role',
      resourceId: role.id,
      description: source ? `created role ${name} as a copy of ${source.name}` : `created role ${name} of type ${type}`,
    };
    return object(roleResponse(role));
  },
});
