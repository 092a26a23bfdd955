import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { isValidRule } from '../../kernel/access.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { invalidateRoleRules } from '../directory.ts';
import { assertNotBuiltin, findRole, parsePermission, rolePermissionResponse, rulesOf } from '../roles.ts';

/*
 * Rules are read in order and the first that matches a command decides (kernel/access.ts). Built-in roles have
 * none: their rights are the command declarations' `access` lists, so they cannot be given rules here.
 */

export const createRolePermission = defineCommand({
  name: 'createRolePermission',
  description: 'Adds a rule (an API name, * as a wildcard) allowing or denying commands to a role, after its other rules',
  access: access.rootAdmin,
  event: 'ROLE.PERMISSION.CREATE',
  params: {
    roleid: { type: 'uuid', entity: 'Role', required: true, description: 'ID of the role' },
    rule: { type: 'string', required: true, description: 'API name or wildcard rule, e.g. listVirtualMachines or list*' },
    permission: { type: 'string', required: true, description: 'allow or deny' },
    description: { type: 'string', description: 'Description of the rule' },
  },
  response: { type: 'object', name: 'rolepermission' },
  async handler(ctx, p) {
    const role = await findRole(ctx, p.roleid as string);
    assertNotBuiltin(role, 'adding rules');
    const rule = p.rule as string;
    if (!isValidRule(rule)) throw errors.invalidParam('createRolePermission', 'rule', rule, 'only API names and the * wildcard are allowed');
    const permission = parsePermission(p.permission as string);
    const row = await ctx.db.transaction().execute(async (trx) => {
      const existing = await rulesOf(trx, role.id);
      if (existing.some((r) => r.rule === rule)) throw errors.paramError(`Rule ${rule} already exists for the role ${role.name}`);
      const created = {
        id: crypto.randomUUID(),
        role_id: role.id,
        rule,
        permission,
        description: (p.description as string | undefined) ?? null,
        sort_order: existing.reduce((max, r) => Math.max(max, r.sort_order), -1) + 1,
      };
      await trx.insertInto('role_permission').values(created).execute();
      return created;
    });
    invalidateRoleRules(role.id);
    ctx.event = { ...ctx.event, resourceType: 'Role', resourceId: role.id, description: `added rule ${rule} (${permission}) to role ${role.name}` };
    return object(rolePermissionResponse(row, role));
  },
});

export const listRolePermissions = defineCommand({
  name: 'listRolePermissions',
  description: 'Lists the rules of a role in evaluation order (of every role without roleid)',
  access: access.rootAdmin,
  params: { roleid: { type: 'uuid', description: 'ID of the role' } },
  response: { type: 'list', listKey: 'rolepermission' },
  async handler(ctx, p) {
    const roles = p.roleid
      ? [await findRole(ctx, p.roleid as string)]
      : await ctx.db.selectFrom('role').selectAll().orderBy('created').orderBy('id').execute();
    const items = [];
    for (const role of roles) for (const r of await rulesOf(ctx.db, role.id)) items.push(rolePermissionResponse(r, role));
    return list(items.length, items);
  },
});

export const updateRolePermission = defineCommand({
  name: 'updateRolePermission',
  description: 'Reorders a role\'s rules (ruleorder), or switches one rule between allow and deny (ruleid and permission)',
  access: access.rootAdmin,
  event: 'ROLE.PERMISSION.UPDATE',
  params: {
    roleid: { type: 'uuid', entity: 'Role', required: true, description: 'ID of the role' },
    ruleorder: { type: 'list', of: 'uuid', entity: 'RolePermission', description: 'Every rule id of the role, in the new evaluation order' },
    ruleid: { type: 'uuid', entity: 'RolePermission', description: 'The rule to change (with permission)' },
    permission: { type: 'string', description: 'allow or deny (with ruleid)' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const role = await findRole(ctx, p.roleid as string);
    const order = p.ruleorder as string[] | undefined;
    if (order !== undefined && (p.ruleid !== undefined || p.permission !== undefined)) {
      throw errors.paramError('Parameters permission and ruleid must be mutually exclusive with ruleorder');
    }
    if (order === undefined && (p.ruleid === undefined || p.permission === undefined)) {
      throw errors.paramError('Either ruleorder, or ruleid with permission, must be given');
    }
    assertNotBuiltin(role, 'changing rules');
    const permission = p.permission === undefined ? undefined : parsePermission(p.permission as string);
    await ctx.db.transaction().execute(async (trx) => {
      const rules = await rulesOf(trx, role.id);
      if (order !== undefined) {
        const ids = new Set(rules.map((r) => r.id));
        if (order.length !== rules.length || new Set(order).size !== order.length || !order.every((id) => ids.has(id))) {
          throw errors.paramError(`ruleorder must list each of the ${rules.length} rule ids of role ${role.name} exactly once`);
        }
        for (const [i, id] of order.entries()) await trx.updateTable('role_permission').set({ sort_order: i }).where('id', '=', id).execute();
        ctx.event.description = `reordered the rules of role ${role.name}`;
      } else {
        const rule = rules.find((r) => r.id === p.ruleid);
        if (!rule) throw errors.paramError(`Invalid rule id provided: ${p.ruleid as string} is not a rule of role ${role.name}`);
        await trx.updateTable('role_permission').set({ permission }).where('id', '=', rule.id).execute();
        ctx.event.description = `set rule ${rule.rule} of role ${role.name} to ${permission}`;
      }
    });
    invalidateRoleRules(role.id);
    ctx.event = { ...ctx.event, resourceType: 'Role', resourceId: role.id };
    return success();
  },
});

export const deleteRolePermission = defineCommand({
  name: 'deleteRolePermission',
  description: 'Deletes a rule from a role',
  access: access.rootAdmin,
  event: 'ROLE.PERMISSION.DELETE',
  params: { id: { type: 'uuid', entity: 'RolePermission', required: true, description: 'ID of the rule' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const rule = await ctx.db.selectFrom('role_permission').selectAll().where('id', '=', p.id as string).executeTakeFirst();
    if (!rule) throw errors.notFound('role permission', p.id as string);
    const role = await findRole(ctx, rule.role_id);
    ctx.event = { ...ctx.event, resourceType: 'Role', resourceId: role.id, description: `deleted rule ${rule.rule} from role ${role.name}` };
    await ctx.db.deleteFrom('role_permission').where('id', '=', rule.id).execute();
    invalidateRoleRules(role.id);
    return success();
  },
});
