import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from '../kernel/errors.ts';
import { displayPath } from '../identity/responses.ts';

type Db = Kysely<Database> | Transaction<Database>;
/** The storage tables whose rows an account owns. */
type OwnedTable = 'volume' | 'snapshot' | 'vm_snapshot';

/** An owned row with its domain's path, for `assertAccess`; 431 naming `what` when there is none. */
export async function findOwned<T extends OwnedTable>(db: Db, table: T, id: string, what: string): Promise<Database[T] & { domain_path: string }> {
  const t = table as OwnedTable;
  const row = await db
    .selectFrom(t)
    .innerJoin('domain', 'domain.id', `${t}.domain_id`)
    .selectAll(t)
    .select('domain.path as domain_path')
    .where(`${t}.id`, '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound(what, id);
  // Kysely types a row of a union of tables as their shared columns; the row holds all of `table`'s.
  return row as unknown as Database[T] & { domain_path: string };
}

export interface OwnerFields {
  account: string | undefined;
  domainid: string;
  domain: string | undefined;
  domainpath: string | undefined;
}

/** The owner fields of a page of responses (account, domain and its path), with the names fetched once. */
export async function ownerFieldsOf(db: Db, rows: { account_id: string }[]): Promise<(r: { account_id: string; domain_id: string }) => OwnerFields> {
  const owners = await db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'domain.name as domain_name', 'domain.path'])
    .where('account.id', 'in', [...new Set(rows.map((r) => r.account_id))])
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.id, o]));
  return (r) => {
    const owner = ownerOf.get(r.account_id);
    return { account: owner?.name, domainid: r.domain_id, domain: owner?.domain_name, domainpath: owner ? displayPath(owner.path) : undefined };
  };
}
