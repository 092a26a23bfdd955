import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { pathPrefix } from '../scope.ts';
import { domainChain, type Owner } from './owners.ts';
import { ensureCountRow } from './reserve.ts';
import { resourceTypeByName, type ResourceType, type ResourceTypeInfo } from './types.ts';

type Domain = Database['domain'];

/** How much of one resource type an account holds, computed from the owning domain's own tables. */
export type ResourceCounter = (db: Kysely<Database>, accountId: string) => Promise<number>;

const counters = new Map<number, ResourceCounter>();

/**
 * Called by the domain owning a resource type (compute for user_vm, cpu and memory, storage for volumes...) so
 * that `updateResourceCount` can recalculate it. A type nobody counts keeps its stored count.
 */
export function registerResourceCounter(resourceType: ResourceType, counter: ResourceCounter): void {
  counters.set((resourceTypeByName(resourceType) as ResourceTypeInfo).id, counter);
}

/** Takes the count row's lock first, so that reservations running meanwhile land after the new value. */
async function lockCount(db: Kysely<Database>, owner: Owner, type: ResourceTypeInfo): Promise<void> {
  await ensureCountRow(db, owner, type);
  await db
    .updateTable('resource_count')
    .set((eb) => ({ count: eb.ref('count') }))
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .where('resource_type', '=', type.id)
    .execute();
}

async function setCount(db: Kysely<Database>, owner: Owner, type: ResourceTypeInfo, count: number): Promise<void> {
  await db
    .updateTable('resource_count')
    .set({ count })
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .where('resource_type', '=', type.id)
    .execute();
}

/** Recalculates these accounts' counts of the counted types (accounts in id order, as reservations lock them). */
export async function recountAccounts(trx: Kysely<Database>, accountIds: string[], types: readonly ResourceTypeInfo[]): Promise<void> {
  const counted = types.filter((t) => counters.has(t.id));
  for (const id of [...accountIds].sort()) {
    for (const type of counted) {
      const owner: Owner = { type: 'account', id };
      await lockCount(trx, owner, type);
      await setCount(trx, owner, type, await (counters.get(type.id) as ResourceCounter)(trx, id));
    }
  }
}

/** Sets each domain's counts (deepest first) to the sum over the accounts of its subtree. */
export async function resumDomains(trx: Kysely<Database>, domains: Domain[], types: readonly ResourceTypeInfo[]): Promise<void> {
  const ordered = [...domains].sort((a, b) => b.level - a.level || a.id.localeCompare(b.id));
  for (const domain of ordered) {
    for (const type of types) {
      const owner: Owner = { type: 'domain', id: domain.id };
      await lockCount(trx, owner, type);
      const row = await trx
        .selectFrom('resource_count')
        .innerJoin('account', 'account.id', 'resource_count.owner_id')
        .innerJoin('domain', 'domain.id', 'account.domain_id')
        .select((eb) => eb.fn.sum<number | string | null>('resource_count.count').as('total'))
        .where('resource_count.owner_type', '=', 'account')
        .where('resource_count.resource_type', '=', type.id)
        .where(sql<boolean>`${sql.ref('domain.path')} LIKE ${pathPrefix(domain.path)} ESCAPE '\\'`)
        .executeTakeFirst();
      await setCount(trx, owner, type, Number(row?.total ?? 0));
    }
  }
}

/**
 * `updateResourceCount`: recounts the accounts (one, or every account of the domain's subtree), then the domains
 * of that subtree and every domain above it, whose sums include them.
 */
export async function recount(trx: Kysely<Database>, domain: Domain, accountId: string | undefined, types: readonly ResourceTypeInfo[]): Promise<void> {
  const inTree = await trx
    .selectFrom('domain')
    .selectAll()
    .where(sql<boolean>`${sql.ref('path')} LIKE ${pathPrefix(domain.path)} ESCAPE '\\'`)
    .execute();
  const accounts = accountId
    ? [accountId]
    : (await trx.selectFrom('account').select('id').where('domain_id', 'in', inTree.map((d) => d.id)).execute()).map((a) => a.id);
  await recountAccounts(trx, accounts, types);
  const above = (await domainChain(trx, domain.path)).slice(1);
  await resumDomains(trx, accountId ? [domain, ...above] : [...inTree, ...above], types);
}

/** The stored counts of one owner (missing rows are zero). */
export async function countsOf(db: Kysely<Database>, owner: Owner): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('resource_count')
    .select(['resource_type', 'count'])
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .execute();
  return new Map(rows.map((r) => [r.resource_type, Number(r.count)]));
}
