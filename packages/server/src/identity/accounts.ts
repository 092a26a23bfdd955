import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller, CommandContext } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { RoleType, roleTypes } from '../kernel/roles.ts';
import { BUILTIN_ROLES, SYSTEM_ACCOUNT_ID } from './bootstrap.ts';
import { hashPassword } from './passwords.ts';
import { assertAccess, isAdmin, isRootAdmin } from './scope.ts';

type Account = Database['account'];
type Domain = Database['domain'];
type Role = Database['role'];
type User = Database['user'];

/** CloudStack's `accounttype` numbers, for callers that name a built-in role by type instead of `roleid`. */
const roleOfAccountType: Record<number, string> = {
  0: BUILTIN_ROLES.User.id,
  1: BUILTIN_ROLES.Admin.id,
  2: BUILTIN_ROLES.DomainAdmin.id,
  3: BUILTIN_ROLES.ResourceAdmin.id,
};

/**
 * Refuses (531) to give or touch an account whose role type is stronger than the caller's: a domain admin cannot
 * create, promote or disable a root admin. Strength follows CloudStack's order Admin > ResourceAdmin > DomainAdmin >
 * User.
 */
export function assertRoleWithinReach(caller: Caller, roleType: string, doing: string): void {
  if (roleTypes.indexOf(roleType as RoleType) >= roleTypes.indexOf(caller.roleType)) return;
  throw errors.permissionDenied(`Account ${caller.accountName} (${caller.roleType}) cannot ${doing} an account of role type ${roleType}`);
}

/** The role an account gets from `roleid`, or else from `accounttype`; `roleid` wins, as in CloudStack. */
export async function resolveRole(ctx: CommandContext, command: string, p: { roleid?: string; accounttype?: number }): Promise<Role> {
  let roleId = p.roleid;
  if (roleId === undefined) {
    if (p.accounttype === undefined) throw errors.paramError(`Unable to execute API command ${command.toLowerCase()}: either roleid or accounttype must be given`);
    roleId = roleOfAccountType[p.accounttype];
    if (!roleId) throw errors.invalidParam(command, 'accounttype', String(p.accounttype), 'expected 0 (User), 1 (Admin), 2 (DomainAdmin) or 3 (ResourceAdmin)');
  }
  const role = await ctx.db.selectFrom('role').selectAll().where('id', '=', roleId).executeTakeFirst();
  // Private roles are for root admins to hand out; to others they do not exist.
  if (!role || (role.is_public !== 1 && !isRootAdmin(ctx.caller))) throw errors.notFound('role', roleId);
  if (role.state !== 'enabled') throw errors.paramError(`Role ${role.name} is disabled and cannot be given to an account`);
  return role;
}

/** Root admin accounts live in ROOT only, as in CloudStack: a subdomain's admins are domain admins. */
export function assertRoleFitsDomain(role: Role, domain: Domain): void {
  if (role.type === RoleType.Admin && domain.path !== '/') {
    throw errors.paramError(`Role ${role.name} is of type Admin, which only accounts in the ROOT domain may have; domain ${domain.name} is not ROOT`);
  }
}

/** Account names are unique in a domain, ignoring case as CloudStack's MySQL collation does. */
export async function assertAccountNameFree(db: Kysely<Database>, domainId: string, name: string): Promise<void> {
  const clash = await db
    .selectFrom('account')
    .select('id')
    .where('domain_id', '=', domainId)
    .where(sql<SqlBool>`lower(${sql.ref('account.name')}) = ${name.toLowerCase()}`)
    .executeTakeFirst();
  if (clash) throw errors.paramError(`The account ${name} already exists in domain ${domainId}`);
}

/** Usernames are unique in a domain (login names the user by domain and username), ignoring case. */
export async function assertUsernameFree(db: Kysely<Database>, domainId: string, username: string): Promise<void> {
  const clash = await db
    .selectFrom('user')
    .innerJoin('account', 'account.id', 'user.account_id')
    .select('user.id')
    .where('account.domain_id', '=', domainId)
    .where(sql<SqlBool>`lower(${sql.ref('user.username')}) = ${username.toLowerCase()}`)
    .executeTakeFirst();
  if (clash) throw errors.paramError(`The user ${username} already exists in domain ${domainId}`);
}

/** A timezone must be one the runtime knows (IANA names such as Europe/Paris), so dates can be shown in it. */
export function checkTimezone(command: string, timezone: string | undefined): void {
  if (timezone === undefined) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw errors.invalidParam(command, 'timezone', timezone, 'not a known IANA time zone');
  }
}

export interface NewUser {
  id?: string;
  accountId: string;
  username: string;
  password: string;
  email?: string;
  firstname: string;
  lastname: string;
  timezone?: string;
  isDefault?: boolean;
}

/** The row of a new, enabled user with a hashed password, ready to insert (hashing is slow: do it outside a transaction). */
export async function newUserRow(u: NewUser): Promise<User> {
  return {
    id: u.id ?? crypto.randomUUID(),
    username: u.username,
    account_id: u.accountId,
    password_hash: await hashPassword(u.password),
    firstname: u.firstname,
    lastname: u.lastname,
    email: u.email ?? null,
    timezone: u.timezone ?? null,
    state: 'enabled',
    api_key: null,
    secret_key: null,
    login_attempts: 0,
    is_default: u.isDefault ? 1 : 0,
    source: 'native',
    created: new Date().toISOString(),
  };
}

export interface AccountRef {
  id?: string;
  account?: string;
  domainid?: string;
}

/**
 * The account a command acts on, named by `id` or by `account` + `domainid` (the caller's domain by default), if
 * the caller may manage it: an admin reaching its domain, with a role at least as strong as the account's. The
 * system account is never managed through the API.
 */
export async function findAccountForAction(ctx: CommandContext, command: string, ref: AccountRef, doing: string): Promise<{ account: Account; domain: Domain; role: Role }> {
  let q = ctx.db.selectFrom('account').selectAll();
  if (ref.id) q = q.where('id', '=', ref.id);
  else if (ref.account) q = q.where('name', '=', ref.account).where('domain_id', '=', ref.domainid ?? ctx.caller.domainId);
  else throw errors.paramError(`Unable to execute API command ${command.toLowerCase()}: either id, or account and domainid, must be given`);
  const account = await q.executeTakeFirst();
  if (!account) throw ref.id ? errors.notFound('account', ref.id) : errors.paramError(`Unable to find account ${ref.account} in domain ${ref.domainid ?? ctx.caller.domainId}`);
  const [domain, role] = await Promise.all([
    ctx.db.selectFrom('domain').selectAll().where('id', '=', account.domain_id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('role').selectAll().where('id', '=', account.role_id).executeTakeFirstOrThrow(),
  ]);
  assertAccess(ctx.caller, { accountId: account.id, domainPath: domain.path }, 'account');
  // Even its own account is out of a plain user's hands: renaming or re-roling it is an admin's decision.
  if (!isAdmin(ctx.caller)) throw errors.permissionDenied(`Account ${ctx.caller.accountName} does not have permission to ${doing} accounts`);
  if (account.id === SYSTEM_ACCOUNT_ID) throw errors.permissionDenied(`Account ${account.name} is the system account; it cannot be changed through the API`, [account.id]);
  assertRoleWithinReach(ctx.caller, role.type, doing);
  return { account, domain, role };
}

/** Deletes accounts, their users, resource counts and limits in the caller's transaction; returns the ids of the users removed. */
export async function removeAccounts(trx: Transaction<Database>, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const users = await trx.selectFrom('user').select('id').where('account_id', 'in', accountIds).execute();
  await trx.deleteFrom('user').where('account_id', 'in', accountIds).execute();
  await trx.deleteFrom('resource_count').where('owner_type', '=', 'account').where('owner_id', 'in', accountIds).execute();
  await trx.deleteFrom('resource_limit').where('owner_type', '=', 'account').where('owner_id', 'in', accountIds).execute();
  await trx.deleteFrom('account').where('id', 'in', accountIds).execute();
  return users.map((u) => u.id);
}

/** Ends the login sessions of removed or disabled users, so none outlives its user. */
export async function endSessions(ctx: CommandContext, userIds: string[]): Promise<void> {
  for (const id of userIds) await ctx.sessions.removeForUser(id);
}
