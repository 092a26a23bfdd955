import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { scopesOf, type OfferingScopes } from './scope.ts';
import { zoneNamesOf } from './zones.ts';

/** The domain and zone limits of an offering as CloudStack answers them: comma-joined, absent when unlimited. */
export function scopeFields(s: OfferingScopes, zoneNames: Map<string, string>): ResponseObject {
  return {
    domainid: s.domainIds.length ? s.domainIds.join(',') : undefined,
    domain: s.domainNames.length ? s.domainNames.join(',') : undefined,
    zoneid: s.zoneIds.length ? s.zoneIds.join(',') : undefined,
    zone: s.zoneIds.length ? s.zoneIds.map((z) => zoneNames.get(z) ?? z).join(',') : undefined,
  };
}

/** Responses for offering rows, loading their limits and zone names in two queries for the whole page. */
export async function loadOfferingResponses<R extends { id: string }>(
  db: Kysely<Database>,
  rows: R[],
  build: (row: R, s: OfferingScopes, zoneNames: Map<string, string>) => ResponseObject,
): Promise<ResponseObject[]> {
  const scopes = await scopesOf(db, rows.map((r) => r.id));
  const zones = await zoneNamesOf(db, [...scopes.values()].flatMap((s) => s.zoneIds));
  return rows.map((r) => build(r, scopes.get(r.id) as OfferingScopes, zones));
}
