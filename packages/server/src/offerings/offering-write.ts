import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import { checkDomainIds, scopeList, setScopes } from './scope.ts';
import { checkZoneIds } from './zones.ts';

/** New domain and zone limits of an offering; undefined leaves that limit as it is. */
export interface ScopeChanges {
  domainIds?: string[];
  zoneIds?: string[];
}

/** The limits an update's `domainid` (ids or `public`) and `zoneid` (ids or `all`) ask for, checked. */
export async function scopeChanges(db: Kysely<Database>, caller: Caller, p: Record<string, unknown>): Promise<ScopeChanges> {
  const domains = scopeList(p.domainid, 'public');
  const domainIds = domains === undefined ? undefined : await checkDomainIds(db, caller, domains);
  const zones = scopeList(p.zoneid, 'all');
  const zoneIds = zones === undefined ? undefined : await checkZoneIds(db, zones);
  return { domainIds, zoneIds };
}

/** The limits a create's `domainid` and `zoneid` lists ask for, checked (none: public, in every zone). */
export async function newScopes(db: Kysely<Database>, caller: Caller, p: Record<string, unknown>): Promise<Required<ScopeChanges>> {
  const domainIds = await checkDomainIds(db, caller, p.domainid as string[] | undefined);
  const zoneIds = await checkZoneIds(db, p.zoneid as string[] | undefined);
  return { domainIds, zoneIds };
}

/** The columns every offering update may change: name, display text, sort key and state. */
export function commonChanges(p: Record<string, unknown>, state: string | undefined): { name?: string; display_text?: string; sort_key?: number; state?: string } {
  const set: { name?: string; display_text?: string; sort_key?: number; state?: string } = {};
  if (p.name !== undefined) set.name = p.name as string;
  if (p.displaytext !== undefined) set.display_text = p.displaytext as string;
  if (p.sortkey !== undefined) set.sort_key = p.sortkey as number;
  if (state) set.state = state;
  return set;
}

/** The columns every new offering starts with besides its own. */
export function newOfferingColumns(state: string): { state: string; sort_key: number; created: string; removed: null } {
  return { state, sort_key: 0, created: new Date().toISOString(), removed: null };
}

/** Writes an offering's row (`write`) and its domain and zone limits together, so that neither is left half-changed. */
export async function writeOffering(
  db: Kysely<Database>,
  offeringId: string,
  scopes: ScopeChanges,
  write: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await write(trx);
    if (scopes.domainIds) await setScopes(trx, offeringId, 'domain', scopes.domainIds);
    if (scopes.zoneIds) await setScopes(trx, offeringId, 'zone', scopes.zoneIds);
  });
}
