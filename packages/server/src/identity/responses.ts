import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { formatDate } from '../kernel/serialize.ts';
import { accountResourceFields, domainResourceFields } from './limits/fields.ts';

/** The domain path as CloudStack shows it: `ROOT`, `ROOT/a/b`. */
export function displayPath(path: string): string {
  return path === '/' ? 'ROOT' : `ROOT${path.slice(0, -1)}`;
}

type Domain = Database['domain'];
type Account = Database['account'];
type User = Database['user'];
type Role = Database['role'];

export function domainResponse(d: Domain, parent: Domain | undefined, hasChild: boolean): ResponseObject {
  return {
    id: d.id,
    name: d.name,
    level: d.level,
    parentdomainid: parent?.id,
    parentdomainname: parent?.name,
    haschild: hasChild,
    path: displayPath(d.path),
    state: d.state,
    networkdomain: d.network_domain,
    created: formatDate(d.created),
    hasannotations: false,
  };
}

export interface UserView {
  user: User;
  account: Account;
  domain: Domain;
  role: Role;
}

export function userResponse(v: UserView, withKeys: { apikey?: string } = {}): ResponseObject {
  return {
    id: v.user.id,
    username: v.user.username,
    firstname: v.user.firstname,
    lastname: v.user.lastname,
    email: v.user.email,
    created: formatDate(v.user.created),
    state: v.user.state,
    account: v.account.name,
    accountid: v.account.id,
    accounttype: v.account.type,
    domain: v.domain.name,
    domainid: v.domain.id,
    roleid: v.role.id,
    rolename: v.role.name,
    roletype: v.role.type,
    timezone: v.user.timezone,
    apikey: withKeys.apikey ?? v.user.api_key,
    isdefault: v.user.is_default === 1,
    usersource: v.user.source,
    is2faenabled: false,
    is2famandated: false,
  };
}

export function accountResponse(a: Account, domain: Domain, role: Role, users: ResponseObject[]): ResponseObject {
  return {
    id: a.id,
    name: a.name,
    accounttype: a.type,
    roleid: role.id,
    rolename: role.name,
    roletype: role.type,
    domainid: domain.id,
    domain: domain.name,
    domainpath: displayPath(domain.path),
    state: a.state,
    networkdomain: a.network_domain,
    created: formatDate(a.created),
    isdefault: a.is_default === 1,
    iscleanuprequired: false,
    user: users,
  };
}

/** Loads accounts with their domain, role and users, ready for `accountResponse`. */
export async function loadAccountResponses(db: Kysely<Database>, accounts: Account[]): Promise<ResponseObject[]> {
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.id);
  const [domains, roles, users, resources] = await Promise.all([
    db.selectFrom('domain').selectAll().where('id', 'in', [...new Set(accounts.map((a) => a.domain_id))]).execute(),
    db.selectFrom('role').selectAll().where('id', 'in', [...new Set(accounts.map((a) => a.role_id))]).execute(),
    db.selectFrom('user').selectAll().where('account_id', 'in', ids).orderBy('created').execute(),
    accountResourceFields(db, accounts),
  ]);
  const domainById = new Map(domains.map((d) => [d.id, d]));
  const roleById = new Map(roles.map((r) => [r.id, r]));
  return accounts.map((a) => {
    const domain = domainById.get(a.domain_id) as Domain;
    const role = roleById.get(a.role_id) as Role;
    const own = users.filter((u) => u.account_id === a.id).map((user) => userResponse({ user, account: a, domain, role }));
    return { ...accountResponse(a, domain, role, own), ...resources.get(a.id) };
  });
}

/** Loads users with their account, domain and role, ready for `userResponse`. */
export async function loadUserResponses(db: Kysely<Database>, users: User[]): Promise<ResponseObject[]> {
  if (users.length === 0) return [];
  const accounts = await db.selectFrom('account').selectAll().where('id', 'in', [...new Set(users.map((u) => u.account_id))]).execute();
  const [domains, roles] = await Promise.all([
    db.selectFrom('domain').selectAll().where('id', 'in', [...new Set(accounts.map((a) => a.domain_id))]).execute(),
    db.selectFrom('role').selectAll().where('id', 'in', [...new Set(accounts.map((a) => a.role_id))]).execute(),
  ]);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const domainById = new Map(domains.map((d) => [d.id, d]));
  const roleById = new Map(roles.map((r) => [r.id, r]));
  return users.map((user) => {
    const account = accountById.get(user.account_id) as Account;
    return userResponse({ user, account, domain: domainById.get(account.domain_id) as Domain, role: roleById.get(account.role_id) as Role });
  });
}

/** Loads the parent and child facts of domains, ready for `domainResponse`. */
export async function loadDomainResponses(db: Kysely<Database>, domains: Domain[]): Promise<ResponseObject[]> {
  if (domains.length === 0) return [];
  const parentIds = [...new Set(domains.flatMap((d) => (d.parent_id ? [d.parent_id] : [])))];
  const [parents, withChildren, resources] = await Promise.all([
    parentIds.length ? db.selectFrom('domain').selectAll().where('id', 'in', parentIds).execute() : Promise.resolve([]),
    db.selectFrom('domain').select('parent_id').distinct().where('parent_id', 'in', domains.map((d) => d.id)).execute(),
    domainResourceFields(db, domains),
  ]);
  const parentById = new Map(parents.map((d) => [d.id, d]));
  const hasChild = new Set(withChildren.map((r) => r.parent_id));
  return domains.map((d) => ({ ...domainResponse(d, d.parent_id ? parentById.get(d.parent_id) : undefined, hasChild.has(d.id)), ...resources.get(d.id) }));
}
