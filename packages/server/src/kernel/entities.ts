import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CommandDecl, Params } from './command.ts';
import { errors } from './errors.ts';

/** Which of the given ids name a row of the entity. Existence only: who may act on the row is the handler's check. */
export type EntityLookup = (db: Kysely<Database>, ids: readonly string[]) => Promise<Iterable<string>>;

/** Tables whose `id` column is the uuid clients name a row by. */
export type IdTable = { [T in keyof Database]: Database[T] extends { id: string } ? T : never }[keyof Database];

const lookups = new Map<string, EntityLookup>();

/** Called by each domain at module set-up for the entities (`ParamDecl.entity`) it owns. */
export function registerEntity(name: string, lookup: EntityLookup): void {
  if (lookups.has(name)) throw new Error(`entity ${name} is registered twice`);
  lookups.set(name, lookup);
}

/**
 * Registers entities that are rows of a table, by id. Soft-deleted rows (`removed` set, VMs Destroyed or Expunging)
 * count as existing, so that the handler keeps answering what it says about them; only ids no row has are refused
 * (a row deleted outright, as most of Nimbus's are, is then unknown).
 */
export function registerEntityTables(tables: Record<string, IdTable>): void {
  for (const [name, table] of Object.entries(tables)) registerEntity(name, idLookup(table));
}

function idLookup(table: IdTable): EntityLookup {
  // Every IdTable has a string `id`; one concrete name keeps Kysely's types simple.
  const t = table as 'zone';
  return async (db, ids) => (await db.selectFrom(t).select('id').where('id', 'in', [...ids]).execute()).map((r) => r.id);
}

export function hasEntity(name: string): boolean {
  return lookups.has(name);
}

/**
 * CloudStack's ParamProcessWorker: every id parameter that names an entity is resolved before the command runs or its
 * job is queued, and an id that does not exist is a 431 at once. One query per entity, whatever the number of params.
 */
export async function checkEntityParams(db: Kysely<Database>, decl: CommandDecl, params: Params): Promise<void> {
  const asked: Array<{ param: string; entity: string; id: string }> = [];
  const byEntity = new Map<string, Set<string>>();
  for (const [param, p] of Object.entries(decl.params)) {
    const value = params[param];
    if (!p.entity || value === undefined) continue;
    for (const id of (Array.isArray(value) ? value : [value]) as string[]) {
      asked.push({ param, entity: p.entity, id });
      byEntity.set(p.entity, (byEntity.get(p.entity) ?? new Set()).add(id));
    }
  }
  if (asked.length === 0) return;
  const found = new Map<string, Set<string>>();
  for (const [entity, ids] of byEntity) {
    const lookup = lookups.get(entity);
    if (!lookup) throw new Error(`command ${decl.name} declares entity ${entity}, which no domain registered`);
    found.set(entity, new Set(await lookup(db, [...ids])));
  }
  const missing = asked.find((a) => !found.get(a.entity)?.has(a.id));
  if (missing) throw errors.unknownEntity(decl.name, missing.param, missing.id);
}
