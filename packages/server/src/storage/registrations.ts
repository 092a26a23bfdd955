import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { registerResourceCounter } from '../identity/limits/index.ts';
import { registerEntityTables } from '../kernel/entities.ts';
import { registerTaggable, type TagOwner } from '../operations/index.ts';

type Owned = 'volume' | 'snapshot' | 'vm_snapshot';

async function ownerOf(db: Kysely<Database>, table: Owned, id: string): Promise<TagOwner | undefined> {
  const row = await db
    .selectFrom(table)
    .innerJoin('domain', 'domain.id', `${table}.domain_id`)
    .select([`${table}.account_id as account_id`, `${table}.domain_id as domain_id`, 'domain.path as path'])
    .where(`${table}.id`, '=', id)
    .executeTakeFirst();
  return row ? { accountId: row.account_id, domainId: row.domain_id, domainPath: row.path } : undefined;
}

async function countOf(db: Kysely<Database>, table: Owned, accountId: string): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Tells identity how to recount what storage holds for an account, and operations how to find owners for tags. */
export function registerStorage(): void {
  registerEntityTables({ Volume: 'volume', Snapshot: 'snapshot', VMSnapshot: 'vm_snapshot' });
  registerResourceCounter('volume', (db, accountId) => countOf(db, 'volume', accountId));
  registerResourceCounter('snapshot', (db, accountId) => countOf(db, 'snapshot', accountId));
  registerResourceCounter('primary_storage', async (db, accountId) => {
    const r = await db.selectFrom('volume').select((eb) => eb.fn.sum<number>('size').as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    return Number(r.n ?? 0);
  });
  registerTaggable('Volume', (db, id) => ownerOf(db, 'volume', id));
  registerTaggable('Snapshot', (db, id) => ownerOf(db, 'snapshot', id));
  registerTaggable('VMSnapshot', (db, id) => ownerOf(db, 'vm_snapshot', id));
}
