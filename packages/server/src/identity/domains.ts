import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from '../kernel/errors.ts';
import { removeAccounts } from './accounts.ts';
import { pathPrefix } from './scope.ts';

type Domain = Database['domain'];

const LABEL = /^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/**
 * A network domain as CloudStack's `NetUtils.verifyDomainName` accepts it: dot-separated labels of 1-63 letters,
 * digits and hyphens, starting with a letter and not ending with a hyphen, 190 characters at most.
 */
export function checkNetworkDomain(command: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value.length <= 190 && value.split('.').every((label) => LABEL.test(label))) return;
  throw errors.invalidParam(
    command,
    'networkdomain',
    value,
    'each label must be 1-63 letters, digits or hyphens, start with a letter and not end with a hyphen; 190 characters at most',
  );
}

/** Domain names become path segments (`/a/b/`), so a `/` in one would split it. */
export function checkDomainName(command: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.includes('/')) throw errors.invalidParam(command, 'name', name, 'a domain name must be non-empty and must not contain /');
  return trimmed;
}

/** Names are unique among siblings, ignoring case as CloudStack's MySQL collation does. */
export async function assertNameFreeAmongSiblings(db: Kysely<Database>, parentId: string, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom('domain')
    .select('id')
    .where('parent_id', '=', parentId)
    .where(sql<SqlBool>`lower(${sql.ref('name')}) = ${name.toLowerCase()}`);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw errors.paramError(`Domain with name ${name} already exists for the parent id=${parentId}`);
}

/** Accounts and domains are only added to a domain that is not being deleted. */
export function assertDomainActive(domain: Domain): void {
  if (domain.state !== 'Active') {
    throw errors.unavailable(`Domain ${domain.name} (${domain.id}) is being deleted; nothing can be added to it`, [domain.id]);
  }
}

/** `path` lies in the subtree rooted at `rootPath` (the root included). */
export function inSubtree(rootPath: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`path LIKE ${pathPrefix(rootPath)} ESCAPE '\\'`;
}

/** The domain and all its descendants, deepest first. */
export async function subtree(db: Kysely<Database>, domain: Domain): Promise<Domain[]> {
  return db
    .selectFrom('domain')
    .selectAll()
    .where(inSubtree(domain.path))
    .orderBy('level', 'desc')
    .execute();
}

/** Gives `domain` a new name, and it and every descendant the path that follows from it. */
export async function renameDomain(trx: Transaction<Database>, domain: Domain, name: string): Promise<void> {
  const parent = await trx.selectFrom('domain').select('path').where('id', '=', domain.parent_id as string).executeTakeFirstOrThrow();
  const newPath = `${parent.path}${name}/`;
  for (const d of await subtree(trx, domain)) {
    await trx.updateTable('domain').set({ path: newPath + d.path.slice(domain.path.length) }).where('id', '=', d.id).execute();
  }
  await trx.updateTable('domain').set({ name }).where('id', '=', domain.id).execute();
}

/** Deletes a domain with every descendant, their accounts and users, in one transaction; returns the removed users' ids. */
export async function deleteDomainTree(db: Kysely<Database>, domain: Domain): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const domains = await subtree(trx, domain);
    const ids = domains.map((d) => d.id);
    const accounts = await trx.selectFrom('account').select('id').where('domain_id', 'in', ids).execute();
    const userIds = await removeAccounts(trx, accounts.map((a) => a.id));
    await trx.deleteFrom('resource_count').where('owner_type', '=', 'domain').where('owner_id', 'in', ids).execute();
    await trx.deleteFrom('resource_limit').where('owner_type', '=', 'domain').where('owner_id', 'in', ids).execute();
    // Deepest first, so that no domain loses its parent before it goes itself.
    for (const d of domains) await trx.deleteFrom('domain').where('id', '=', d.id).execute();
    return userIds;
  });
}
