import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ApiError, ErrorCode } from '../../kernel/errors.ts';
import { Settings } from '../../kernel/settings-store.ts';
import { displayPath } from '../responses.ts';
import { Limits, ownerChain, type Owner } from './owners.ts';
import { limitInCountUnits, limitSettings, resourceTypes, type ResourceType, type ResourceTypeInfo } from './types.ts';

/** Amounts per resource type: memory in MiB, primary and secondary storage in bytes, everything else in units. */
export type ResourceCounts = Partial<Record<ResourceType, number>>;

function wanted(counts: ResourceCounts): Array<{ type: ResourceTypeInfo; n: number }> {
  return resourceTypes.flatMap((type) => {
    const n = counts[type.name] ?? 0;
    return n > 0 ? [{ type, n }] : [];
  });
}

function countRow(owner: Owner, type: ResourceTypeInfo) {
  return { owner_type: owner.type, owner_id: owner.id, resource_type: type.id };
}

/** Creates the count row of an owner the first time it reserves something; a racing creator's row is kept. */
export async function ensureCountRow(db: Kysely<Database>, owner: Owner, type: ResourceTypeInfo): Promise<void> {
  await db
    .insertInto('resource_count')
    .values({ ...countRow(owner, type), count: 0 })
    .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'resource_type']).doNothing())
    .execute();
}

/** Adds `n` to a count unless that passes `max` (-1: no limit), in one conditional UPDATE; false when it would. */
async function increment(db: Kysely<Database>, owner: Owner, type: ResourceTypeInfo, n: number, max: number): Promise<boolean> {
  const attempt = async () => {
    let q = db
      .updateTable('resource_count')
      .set((eb) => ({ count: eb('count', '+', n) }))
      .where('owner_type', '=', owner.type)
      .where('owner_id', '=', owner.id)
      .where('resource_type', '=', type.id);
    if (max >= 0) q = q.where((eb) => eb(eb('count', '+', n), '<=', max));
    return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
  };
  if (await attempt()) return true;
  await ensureCountRow(db, owner, type);
  return attempt();
}

async function currentCount(db: Kysely<Database>, owner: Owner, type: ResourceTypeInfo): Promise<number> {
  const row = await db
    .selectFrom('resource_count')
    .select('count')
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .where('resource_type', '=', type.id)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Counts `counts` against the account and every domain above it, or throws 532 naming the resource and the owner
 * whose limit it would pass. Race-free: each counter moves in one conditional UPDATE (`count + n <= max`), which
 * PostgreSQL re-checks on the committed row after waiting for a concurrent reservation's lock and SQLite runs one
 * writer at a time; a refusal leaves the caller's transaction to roll back what this call already counted. Rows are
 * always taken in the same order (the account, then its domains deepest first; types by number) so that concurrent
 * reservations cannot deadlock. Call it early in the transaction, once with everything the operation needs.
 */
export async function reserveResources(trx: Kysely<Database>, accountId: string, counts: ResourceCounts): Promise<void> {
  const items = wanted(counts);
  if (items.length === 0) return;
  const chain = await ownerChain(trx, accountId);
  const owners: Owner[] = [{ type: 'account', id: chain.account.id }, ...chain.domains.map((d) => ({ type: 'domain' as const, id: d.id }))];
  const limits = await Limits.load(trx, new Settings(trx, limitSettings), owners);
  for (const [i, owner] of owners.entries()) {
    for (const { type, n } of items) {
      const max = i === 0 ? await limits.ofAccount(chain.account, type) : await limits.ofDomain(chain.domains.slice(i - 1), type);
      if (await increment(trx, owner, type, n, limitInCountUnits(type, max))) continue;
      const used = await currentCount(trx, owner, type);
      const who = i === 0
        ? `account ${chain.account.name} in domain ${displayPath(chain.domains[0].path)}`
        : `domain ${displayPath(chain.domains[i - 1].path)}`;
      throw new ApiError(
        ErrorCode.AccountResourceLimitError,
        `Maximum number of resources of type '${type.name}' for ${who} has been exceeded: limit ${max}, in use ${used}, requested ${n}`,
        [owner.id],
      );
    }
  }
}

/** Gives back what `reserveResources` counted (never below zero), in the same order. */
export async function releaseResources(trx: Kysely<Database>, accountId: string, counts: ResourceCounts): Promise<void> {
  const items = wanted(counts);
  if (items.length === 0) return;
  const chain = await ownerChain(trx, accountId);
  const owners: Owner[] = [{ type: 'account', id: chain.account.id }, ...chain.domains.map((d) => ({ type: 'domain' as const, id: d.id }))];
  for (const owner of owners) {
    for (const { type, n } of items) {
      await trx
        .updateTable('resource_count')
        .set({ count: sql<number>`CASE WHEN ${sql.ref('count')} > ${n} THEN ${sql.ref('count')} - ${n} ELSE 0 END` })
        .where('owner_type', '=', owner.type)
        .where('owner_id', '=', owner.id)
        .where('resource_type', '=', type.id)
        .execute();
    }
  }
}
