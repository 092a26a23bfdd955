import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findZone, zoneNames } from '../infrastructure/index.ts';

/** Zone names for offering responses (zones belong to the infrastructure domain). */
export const zoneNamesOf = (db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> => zoneNames(db, ids);

/** The zones an offering is to be limited to: each must exist (431 otherwise). */
export async function checkZoneIds(db: Kysely<Database>, ids: string[] | undefined): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  for (const id of unique) await findZone(db, id);
  return unique;
}
