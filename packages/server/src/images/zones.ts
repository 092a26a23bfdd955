import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * What the images domain needs of zones and image stores, which the infrastructure domain owns. Until its exports
 * exist, zone ids are taken as given and the image stores known are those `onImageStoreAdded` reported.
 */
export async function zoneNamesOf(_db: Kysely<Database>, _ids: string[]): Promise<Map<string, string>> {
  return new Map();
}

export async function checkZone(_db: Kysely<Database>, _id: string): Promise<void> {}

/** The image stores serving a zone. */
export async function storesOfZone(db: Kysely<Database>, zoneId: string): Promise<string[]> {
  const rows = await db.selectFrom('image_store_zone').select('store_id').where('zone_id', '=', zoneId).orderBy('store_id').execute();
  return rows.map((r) => r.store_id);
}

/** Makes sure a zone has the all-zones templates, should its image stores have been added without telling us. */
export async function ensureZone(_db: Kysely<Database>, _zoneId: string): Promise<void> {}
