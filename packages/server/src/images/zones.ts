import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findZone, imageStoresOfZone, zoneNames } from '../infrastructure/index.ts';
import { onImageStoreAdded } from './catalogue.ts';

/** What the images domain needs of zones and image stores, which the infrastructure domain owns. */
export const zoneNamesOf = (db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> => zoneNames(db, ids);

export async function checkZone(db: Kysely<Database>, id: string): Promise<void> {
  await findZone(db, id);
}

/** The image stores serving a zone, oldest first. */
export async function storesOfZone(db: Kysely<Database>, zoneId: string): Promise<string[]> {
  return (await imageStoresOfZone(db, zoneId)).map((s) => s.id);
}

/**
 * Brings our record of a zone's image stores up to date, so that a store added without `onImageStoreAdded` still
 * gets the all-zones templates (the built-in one Ready at once) before anyone lists or deploys in that zone.
 */
export async function ensureZone(db: Kysely<Database>, zoneId: string): Promise<void> {
  const stores = await storesOfZone(db, zoneId);
  const known = await db.selectFrom('image_store_zone').select('store_id').where('zone_id', '=', zoneId).execute();
  const gone = known.map((k) => k.store_id).filter((id) => !stores.includes(id));
  if (gone.length) await db.deleteFrom('image_store_zone').where('store_id', 'in', gone).execute();
  for (const id of stores.filter((s) => !known.some((k) => k.store_id === s))) await onImageStoreAdded(db, zoneId, id);
}

/**
 * The condition that a listed (template, zone) row's hypervisor runs in that zone: CloudStack lists a template only
 * when its hypervisor is one its hosts have (QueryManagerImpl.searchForTemplatesInternal, `listAvailHypervisorInZone`,
 * External always), so that a client taking the first template gets one a host can run. Narrowed here to the row's
 * own zone, and a zone without hosts (or a row without a zone) is not filtered: see docs/decisions.md. Reads the
 * infrastructure's host table directly, as a subquery, so that counts and pages stay right.
 */
export function runnableInZone(zoneId: string, hypervisor: string): RawBuilder<SqlBool> {
  const zone = sql.ref(zoneId);
  const hyper = sql.ref(hypervisor);
  return sql<SqlBool>`(${zone} IS NULL OR ${hyper} = 'External'
    OR NOT EXISTS (SELECT 1 FROM host zh WHERE zh.zone_id = ${zone})
    OR EXISTS (SELECT 1 FROM host zh WHERE zh.zone_id = ${zone} AND lower(zh.hypervisor) = lower(${hyper})))`;
}
