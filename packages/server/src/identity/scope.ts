import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { escapeLike } from '../db/text.ts';
import type { Caller, CommandContext, Params } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { RoleType } from '../kernel/roles.ts';

/**
 * Tenant isolation lives here. Every list narrows its rows with `listScope` + `scopeFilter`, and every action on a
 * resource first calls `assertAccess`: one set of rules decides what a caller may see and touch.
 *
 * - A user sees and acts only inside its own account.
 * - An admin (root, resource or domain admin) reaches its domain's subtree; the root admin's domain is ROOT, so
 *   everything.
 * - In lists, `account` (with `domainid`) narrows to one account, `domainid` to one domain (its subtree with
 *   `isrecursive=true`), and with neither an admin sees its own account's resources unless `listall=true`, as in
 *   CloudStack. Listings of identity objects themselves default to `listall` (`defaultListAll`).
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'account'; accountId: string }
  | { kind: 'domain'; domainId: string; path: string; recursive: boolean };

export interface ScopeParams {
  account?: string;
  domainid?: string;
  listall?: boolean;
  isrecursive?: boolean;
}

export function isAdmin(caller: Caller): boolean {
  return caller.roleType !== RoleType.User;
}

export function isRootAdmin(caller: Caller): boolean {
  return caller.roleType === RoleType.Admin;
}

/** Whether a domain path lies in the caller's reach. */
export function reachesDomain(caller: Caller, domainPath: string): boolean {
  if (caller.roleType === RoleType.User) return false;
  return domainPath.startsWith(caller.domainPath);
}

/** Throws 531 unless the caller may act on something owned by this account (in this domain). */
export function assertAccess(caller: Caller, owner: { accountId: string; domainPath: string }, what = 'resource'): void {
  if (owner.accountId === caller.accountId) return;
  if (isAdmin(caller) && reachesDomain(caller, owner.domainPath)) return;
  throw errors.permissionDenied(`Account ${caller.accountName} does not have permission to access this ${what}`);
}

/** Throws 531 unless the caller reaches this domain (admins: their subtree; users: their own domain only). */
export function assertDomainAccess(caller: Caller, domain: { id: string; path: string }): void {
  if (domain.id === caller.domainId && !isAdmin(caller)) return;
  if (reachesDomain(caller, domain.path)) return;
  throw errors.permissionDenied(`Account ${caller.accountName} does not have permission to access domain ${domain.id}`);
}

export async function findDomain(ctx: CommandContext, id: string): Promise<Database['domain']> {
  const d = await ctx.db.selectFrom('domain').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) throw errors.notFound('domain', id);
  return d;
}

/** Resolves the list parameters of a call into the scope its rows must fall in. */
export async function listScope(ctx: CommandContext, params: Params, opts: { defaultListAll?: boolean } = {}): Promise<Scope> {
  const p = params as ScopeParams;
  const caller = ctx.caller;
  const domain = p.domainid ? await findDomain(ctx, p.domainid) : undefined;
  if (domain) assertDomainAccess(caller, domain);
  if (p.account) {
    const domainId = domain?.id ?? caller.domainId;
    const account = await ctx.db
      .selectFrom('account')
      .innerJoin('domain', 'domain.id', 'account.domain_id')
      .select(['account.id', 'domain.path'])
      .where('account.name', '=', p.account)
      .where('account.domain_id', '=', domainId)
      .executeTakeFirst();
    if (!account) throw errors.paramError(`Unable to find account ${p.account} in domain ${domainId}`);
    assertAccess(caller, { accountId: account.id, domainPath: account.path }, 'account');
    return { kind: 'account', accountId: account.id };
  }
  if (!isAdmin(caller)) return { kind: 'account', accountId: caller.accountId };
  if (domain) return { kind: 'domain', domainId: domain.id, path: domain.path, recursive: p.isrecursive ?? false };
  if (p.listall || opts.defaultListAll) {
    return caller.domainPath === '/' ? { kind: 'all' } : { kind: 'domain', domainId: caller.domainId, path: caller.domainPath, recursive: true };
  }
  return { kind: 'account', accountId: caller.accountId };
}

/** `path LIKE prefix%` with the prefix's own wildcards escaped. */
export function pathPrefix(path: string): string {
  return `${escapeLike(path)}%`;
}

/**
 * The condition a row with these account and domain columns must meet to be in scope, for `.where(...)`.
 * `account` may be omitted for rows owned by a domain only (they are then out of an account scope).
 */
export function scopeCondition(scope: Scope, columns: { account?: string; domain: string }): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'account':
      return columns.account ? sql<SqlBool>`${sql.ref(columns.account)} = ${scope.accountId}` : sql<SqlBool>`1 = 0`;
    case 'domain':
      if (!scope.recursive) return sql<SqlBool>`${sql.ref(columns.domain)} = ${scope.domainId}`;
      return sql<SqlBool>`${sql.ref(columns.domain)} IN (SELECT scope_d.id FROM domain scope_d WHERE scope_d.path LIKE ${pathPrefix(scope.path)} ESCAPE '\\')`;
  }
}
