import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller, CommandContext, ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { roleTypes, type RoleType } from '../kernel/roles.ts';
import { isRootAdmin } from './scope.ts';

type Role = Database['role'];
type RolePermission = Database['role_permission'];

export function roleResponse(r: Role): ResponseObject {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    description: r.description || undefined,
    isdefault: r.is_default === 1,
    ispublic: r.is_public === 1,
    // CloudStack answers its Role.State enum names.
    state: r.state.toUpperCase(),
  };
}

export function rolePermissionResponse(p: RolePermission, role: Role): ResponseObject {
  return { id: p.id, roleid: role.id, rolename: role.name, rule: p.rule, permission: p.permission, description: p.description };
}

/** `Admin`, `ResourceAdmin`, `DomainAdmin` or `User`, in any case, as CloudStack's `RoleType.fromString` reads it. */
export function parseRoleType(command: string, value: string): RoleType {
  const found = roleTypes.find((t) => t.toLowerCase() === value.toLowerCase());
  if (!found) throw errors.invalidParam(command, 'type', value, `valid options are: ${roleTypes.join(', ')}`);
  return found;
}

export function parsePermission(value: string): 'allow' | 'deny' {
  const v = value.toLowerCase();
  if (v !== 'allow' && v !== 'deny') throw errors.paramError('Values for permission parameter should be: allow or deny');
  return v;
}

/**
 * Whether the caller may see a role: root admins see every role; other callers see public roles of their own role
 * type or a weaker one, as CloudStack hides Admin-type and private roles from them.
 */
export function roleVisibleTo(caller: Caller, role: Pick<Role, 'type' | 'is_public'>): boolean {
  if (isRootAdmin(caller)) return true;
  return role.is_public === 1 && roleTypes.indexOf(role.type as RoleType) >= roleTypes.indexOf(caller.roleType);
}

/** The role with this id, if the caller may see it (431 otherwise, as for an unknown id). */
export async function findRole(ctx: CommandContext, id: string): Promise<Role> {
  const role = await ctx.db.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
  if (!role || !roleVisibleTo(ctx.caller, role)) throw errors.notFound('role', id);
  return role;
}

/**
 * Built-in roles take their rights from the command declarations and stay as shipped: their rules and type cannot
 * change (531, CloudStack's PermissionDeniedException).
 */
export function assertNotBuiltin(role: Role, doing: string): void {
  if (role.is_default === 1) throw errors.permissionDenied(`Role ${role.name} is a default role: ${doing} is not allowed for default roles`, [role.id]);
}

/** Role names are unique, ignoring case as CloudStack's MySQL collation does. */
export async function assertRoleNameFree(db: Kysely<Database>, name: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('role').select('id').where(sql<SqlBool>`lower(name) = ${name.toLowerCase()}`);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw errors.paramError(`A role with name ${name} already exists`);
}

export function checkRoleName(command: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw errors.invalidParam(command, 'name', name, 'a role name cannot be blank');
  return trimmed;
}

export async function accountsUsingRole(db: Kysely<Database>, roleId: string): Promise<number> {
  const row = await db.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')).where('role_id', '=', roleId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A role's rules in evaluation order. */
export function rulesOf(db: Kysely<Database>, roleId: string): Promise<RolePermission[]> {
  return db.selectFrom('role_permission').selectAll().where('role_id', '=', roleId).orderBy('sort_order').orderBy('id').execute();
}
