import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Zone names and checks for offering responses and parameters. Zones belong to the infrastructure domain; until its
 * exports exist, zone ids are taken as given and shown without names.
 */
export async function zoneNamesOf(_db: Kysely<Database>, _ids: string[]): Promise<Map<string, string>> {
  return new Map();
}

export async function checkZoneIds(_db: Kysely<Database>, ids: string[] | undefined): Promise<string[]> {
  return [...new Set(ids ?? [])];
}
