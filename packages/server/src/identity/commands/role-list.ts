import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access, roleTypes } from '../../kernel/roles.ts';
import { parseRoleType, roleResponse } from '../roles.ts';
import { isRootAdmin } from '../scope.ts';

export const listRoles = defineCommand({
  name: 'listRoles',
  description: 'Lists roles: root admins see all, other admins the public roles of their own role type or weaker ones',
  access: access.admins,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'List the role with this id' },
    name: { type: 'string', description: 'List roles by name' },
    type: { type: 'string', description: 'List roles by type: Admin, ResourceAdmin, DomainAdmin or User' },
    state: { type: 'string', description: 'List roles by state: enabled or disabled' },
  },
  response: { type: 'list', listKey: 'role' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('role');
    // The same rule as roleVisibleTo, in SQL so that count and paging agree with what is shown.
    if (!isRootAdmin(ctx.caller)) {
      q = q.where('is_public', '=', 1).where('type', 'in', roleTypes.slice(roleTypes.indexOf(ctx.caller.roleType)));
    }
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.type) q = q.where('type', '=', parseRoleType('listRoles', p.type as string));
    if (p.state) q = q.where('state', '=', (p.state as string).toLowerCase());
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('created').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), rows.map(roleResponse));
  },
});
