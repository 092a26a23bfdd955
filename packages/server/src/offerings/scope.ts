import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { isRootAdmin, pathPrefix } from '../identity/scope.ts';
import { RoleType } from '../kernel/roles.ts';

/**
 * Domain and zone limits of offerings (`offering_scope`). An offering limited to domains is visible and usable in
 * those domains and their subdomains; admins also see the offerings of domains below their own, which they manage.
 */

/** `/`, `/a/`, `/a/b/` for `/a/b/`: the domains whose offerings a caller in that domain may use. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter((s) => s !== '');
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`)];
}

/** The condition on an offering id column that the caller may see and use the offering. */
export function visibleTo(caller: Caller, idColumn: string): RawBuilder<SqlBool> {
  if (isRootAdmin(caller)) return sql<SqlBool>`1 = 1`;
  const id = sql.ref(idColumn);
  const ancestors = sql.join(ancestorPaths(caller.domainPath));
  const managed =
    caller.roleType === RoleType.User ? sql`1 = 0` : sql`sd.path LIKE ${pathPrefix(caller.domainPath)} ESCAPE '\\'`;
  return sql<SqlBool>`(NOT EXISTS (SELECT 1 FROM offering_scope os WHERE os.offering_id = ${id} AND os.scope = 'domain')
    OR EXISTS (SELECT 1 FROM offering_scope os JOIN domain sd ON sd.id = os.scope_id
      WHERE os.offering_id = ${id} AND os.scope = 'domain' AND (sd.path IN (${ancestors}) OR ${managed})))`;
}

/** The condition that an offering is offered in this zone (offerings without zone rows are offered everywhere). */
export function offeredInZone(zoneId: string, idColumn: string): RawBuilder<SqlBool> {
  const id = sql.ref(idColumn);
  return sql<SqlBool>`(NOT EXISTS (SELECT 1 FROM offering_scope oz WHERE oz.offering_id = ${id} AND oz.scope = 'zone')
    OR EXISTS (SELECT 1 FROM offering_scope oz WHERE oz.offering_id = ${id} AND oz.scope = 'zone' AND oz.scope_id = ${zoneId}))`;
}

/** The condition that an offering is limited to this domain. */
export function limitedToDomain(domainId: string, idColumn: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM offering_scope od WHERE od.offering_id = ${sql.ref(idColumn)} AND od.scope = 'domain' AND od.scope_id = ${domainId})`;
}

export interface OfferingScopes {
  domainIds: string[];
  domainNames: string[];
  zoneIds: string[];
}

/** The domains and zones each offering is limited to, with the domains' names, for responses. */
export async function scopesOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, OfferingScopes>> {
  const out = new Map<string, OfferingScopes>(ids.map((id) => [id, { domainIds: [], domainNames: [], zoneIds: [] }]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('offering_scope')
    .leftJoin('domain', 'domain.id', 'offering_scope.scope_id')
    .select(['offering_scope.offering_id', 'offering_scope.scope', 'offering_scope.scope_id', 'domain.name'])
    .where('offering_scope.offering_id', 'in', ids)
    .orderBy('offering_scope.scope_id')
    .execute();
  for (const r of rows) {
    const s = out.get(r.offering_id) as OfferingScopes;
    if (r.scope === 'zone') s.zoneIds.push(r.scope_id);
    else {
      s.domainIds.push(r.scope_id);
      s.domainNames.push(r.name ?? r.scope_id);
    }
  }
  return out;
}

/**
 * Checks the domains an offering is to be limited to: they exist, and a domain admin limits offerings only to
 * domains of its subtree (and must limit them: a public offering is the root admin's to make).
 */
export async function checkDomainIds(db: Kysely<Database>, caller: Caller, ids: string[] | undefined): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  if (!isRootAdmin(caller) && unique.length === 0) {
    throw errors.permissionDenied('A domain admin can only create or change offerings limited to domains it manages: give domainid');
  }
  if (unique.length === 0) return [];
  const found = await db.selectFrom('domain').select(['id', 'path']).where('id', 'in', unique).execute();
  for (const id of unique) {
    const d = found.find((f) => f.id === id);
    if (!d) throw errors.notFound('domain', id);
    if (!d.path.startsWith(caller.domainPath)) throw errors.permissionDenied(`Account ${caller.accountName} does not manage domain ${id}`, [id]);
  }
  return unique;
}

/** Throws 531 unless the caller may change this offering: the root admin, or a domain admin owning all its domains. */
export async function assertMayManage(db: Kysely<Database>, caller: Caller, offeringId: string): Promise<void> {
  if (isRootAdmin(caller)) return;
  const { domainIds } = (await scopesOf(db, [offeringId])).get(offeringId) as OfferingScopes;
  const paths = domainIds.length ? await db.selectFrom('domain').select('path').where('id', 'in', domainIds).execute() : [];
  if (paths.length === 0 || paths.some((p) => !p.path.startsWith(caller.domainPath))) {
    throw errors.permissionDenied(`Account ${caller.accountName} does not have permission to change offering ${offeringId}`, [offeringId]);
  }
}

/** Replaces an offering's domain or zone limits. */
export async function setScopes(db: Kysely<Database>, offeringId: string, scope: 'domain' | 'zone', ids: string[]): Promise<void> {
  await db.deleteFrom('offering_scope').where('offering_id', '=', offeringId).where('scope', '=', scope).execute();
  if (ids.length) await db.insertInto('offering_scope').values(ids.map((scope_id) => ({ offering_id: offeringId, scope, scope_id }))).execute();
}

/** `domainid=public` and `zoneid=all` lift a limit, as in CloudStack; otherwise a comma-separated list of ids. */
export function scopeList(value: unknown, lift: string): string[] | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (text.toLowerCase() === lift) return [];
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
