import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ResponseObject } from '../../kernel/command.ts';
import { displayPath } from '../../identity/responses.ts';

type TagRow = Database['resource_tag'];

/** A tag as CloudStack answers it, in `listTags` and in the `tags` field of every tagged resource. */
export interface TagResponse extends ResponseObject {
  key: string;
  value: string;
  resourcetype: string;
  resourceid: string;
  account: string;
  domainid: string;
  domain: string;
  domainpath: string;
  customer?: string;
}

/** Builds responses for tag rows, with their owners' names. */
export async function tagResponses(db: Kysely<Database>, rows: TagRow[]): Promise<TagResponse[]> {
  if (rows.length === 0) return [];
  const [accounts, domains] = await Promise.all([
    db.selectFrom('account').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.account_id))]).execute(),
    db.selectFrom('domain').select(['id', 'name', 'path']).where('id', 'in', [...new Set(rows.map((r) => r.domain_id))]).execute(),
  ]);
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const domainById = new Map(domains.map((d) => [d.id, d]));
  return rows.map((r) => {
    const d = domainById.get(r.domain_id);
    return {
      key: r.key,
      value: r.value,
      resourcetype: r.resource_type,
      resourceid: r.resource_id,
      account: accountName.get(r.account_id) ?? '',
      domainid: r.domain_id,
      domain: d?.name ?? '',
      domainpath: d ? displayPath(d.path) : '',
      customer: r.customer ?? undefined,
    };
  });
}

/** The tags of these resources of one type, by resource id (resources without tags are absent). */
export async function tagsOf(db: Kysely<Database>, resourceType: string, ids: string[]): Promise<Map<string, TagResponse[]>> {
  const out = new Map<string, TagResponse[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('resource_tag')
    .selectAll()
    .where('resource_type', '=', resourceType)
    .where('resource_id', 'in', ids)
    .orderBy('key')
    .execute();
  for (const t of await tagResponses(db, rows)) {
    const list = out.get(t.resourceid) ?? [];
    list.push(t);
    out.set(t.resourceid, list);
  }
  return out;
}

/**
 * The `tags[0].key=k&tags[0].value=v` filter of list commands, for `.where(...)`: a row passes when its resource
 * carries every tag given (a tag without value: the key with any value). No tags: every row passes.
 */
export function tagFilter(resourceType: string, idColumn: string, tagsParam: unknown): RawBuilder<SqlBool> {
  const entries = Array.isArray(tagsParam) ? (tagsParam as Array<Record<string, string | undefined>>) : [];
  const conditions = entries
    .filter((e) => e.key !== undefined)
    .map((e) => {
      const value = e.value === undefined ? sql`` : sql` AND rt.value = ${e.value}`;
      return sql<SqlBool>`EXISTS (SELECT 1 FROM resource_tag rt WHERE rt.resource_type = ${resourceType} AND rt.resource_id = ${sql.ref(idColumn)} AND rt.key = ${e.key}${value})`;
    });
  return conditions.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

/** Removes the tags of resources that are going away (their owner's domain calls it when it deletes them). */
export async function deleteTagsOf(db: Kysely<Database>, resourceType: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('resource_tag').where('resource_type', '=', resourceType).where('resource_id', 'in', ids).execute();
}
