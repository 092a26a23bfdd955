import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { assertAccess } from '../identity/index.ts';
import { isAdmin, pathPrefix } from '../identity/scope.ts';
import { downloads } from './download.ts';
import { storesOfZone } from './zones.ts';

export type TemplateRow = Database['template'];

/** Templates and ISOs share the catalogue; these words name them in errors. */
export const kindName = (iso: boolean) => (iso ? 'ISO' : 'template');

/** The condition that the caller may see and use a template: public, its own, its domain reach, or shared with it. */
export function usableBy(caller: Caller, t = 'template'): RawBuilder<SqlBool> {
  const id = sql.ref(`${t}.id`);
  const owner = sql.ref(`${t}.account_id`);
  const reach = isAdmin(caller)
    ? sql`OR ${sql.ref(`${t}.domain_id`)} IN (SELECT rd.id FROM domain rd WHERE rd.path LIKE ${pathPrefix(caller.domainPath)} ESCAPE '\\')`
    : sql``;
  return sql<SqlBool>`(${sql.ref(`${t}.is_public`)} = 1 OR ${owner} = ${caller.accountId} ${reach}
    OR EXISTS (SELECT 1 FROM template_permission tp WHERE tp.template_id = ${id} AND tp.account_id = ${caller.accountId}))`;
}

/** A template (or ISO) that is not removed; 431 when missing or of the other kind. */
export async function getTemplate(db: Kysely<Database>, id: string, iso: boolean): Promise<TemplateRow> {
  const t = await db.selectFrom('template').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!t || (t.format === 'ISO') !== iso) throw errors.notFound(kindName(iso), id);
  return t;
}

/** Throws 531 unless the caller owns the template or manages its owner's domain. */
export async function assertOwnerAccess(db: Kysely<Database>, caller: Caller, t: TemplateRow): Promise<void> {
  const d = await db.selectFrom('domain').select('path').where('id', '=', t.domain_id).executeTakeFirst();
  assertAccess(caller, { accountId: t.account_id, domainPath: d?.path ?? '/' }, kindName(t.format === 'ISO'));
}

/** The zone row of an image that waits for its file from the browser (getUploadParamsFor*). */
export const awaitingUpload = { state: 'NotUploaded', status: 'Waiting for the upload' } as const;

/**
 * Creates the zone rows of a template: Ready at once for built-in images, waiting for an upload with
 * `awaitingUpload`, downloading otherwise. Returns the zones whose download must start (`startDownloads`, once the
 * rows are committed).
 */
export async function placeInZones(db: Kysely<Database>, t: TemplateRow, zoneIds: string[], upload?: typeof awaitingUpload): Promise<string[]> {
  const existing = new Set(
    (await db.selectFrom('template_zone').select('zone_id').where('template_id', '=', t.id).execute()).map((r) => r.zone_id),
  );
  const builtin = t.template_type === 'BUILTIN';
  const added: string[] = [];
  for (const zoneId of zoneIds.filter((z) => !existing.has(z))) {
    const [storeId] = await storesOfZone(db, zoneId);
    await db
      .insertInto('template_zone')
      .values({
        template_id: t.id,
        zone_id: zoneId,
        store_id: storeId ?? null,
        state: builtin ? 'Ready' : (upload?.state ?? 'Downloading'),
        download_percent: builtin ? 100 : 0,
        status: builtin ? 'Download Complete' : (upload?.status ?? '0% Downloaded'),
        size: builtin ? 2 * 1024 ** 3 : null,
        physical_size: builtin ? 2 * 1024 ** 3 : null,
        created: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['template_id', 'zone_id']).doNothing())
      .execute();
    if (!builtin && !upload) added.push(zoneId);
  }
  return added;
}

export function startDownloads(db: Kysely<Database>, t: TemplateRow, zoneIds: string[]): void {
  for (const zoneId of zoneIds) downloads.start(db, t.id, zoneId, t.url);
}

/** Zones with an image store that we know of: where `zoneid=-1` templates go. */
export async function knownZones(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('image_store_zone').select('zone_id').distinct().orderBy('zone_id').execute();
  return rows.map((r) => r.zone_id);
}

/**
 * Called by the infrastructure domain when an image store is added: the zone gets every all-zones template (the
 * built-in one Ready at once, others downloading).
 */
export async function onImageStoreAdded(db: Kysely<Database>, zoneId: string, storeId: string): Promise<void> {
  await db.insertInto('image_store_zone').values({ store_id: storeId, zone_id: zoneId }).onConflict((oc) => oc.column('store_id').doNothing()).execute();
  const crossZone = await db.selectFrom('template').selectAll().where('cross_zones', '=', 1).where('removed', 'is', null).execute();
  for (const t of crossZone) startDownloads(db, t, await placeInZones(db, t, [zoneId]));
}

/** Called by the infrastructure domain when an image store goes. */
export async function onImageStoreRemoved(db: Kysely<Database>, storeId: string): Promise<void> {
  await db.deleteFrom('image_store_zone').where('store_id', '=', storeId).execute();
}
