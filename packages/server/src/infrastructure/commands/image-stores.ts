import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { containsText } from '../../db/text.ts';
import { onImageStoreAdded, onImageStoreRemoved } from '../../images/index.ts';
import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { findImageStore, findZone, namesOf } from '../lookup.ts';
import type { ImageStoreRow } from '../tables.ts';
import { assertNameFree, oneOf } from '../validate.ts';

/** What the simulator reports for a secondary store's size. */
const DEFAULT_STORE_BYTES = 10 * 1024 ** 4;

async function imageStoreResponses(db: Kysely<Database>, rows: ImageStoreRow[]) {
  const zones = await namesOf(db, 'zone', rows.map((r) => r.zone_id));
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    zoneid: s.zone_id ?? undefined,
    zonename: s.zone_id ? zones.get(s.zone_id) : undefined,
    url: s.url,
    protocol: s.protocol,
    providername: s.provider,
    scope: s.scope,
    readonly: s.readonly === 1,
    disksizetotal: Number(s.capacity_bytes),
    disksizeused: Number(s.used_bytes),
    hasannotations: false,
  }));
}

export const addImageStore = defineCommand({
  name: 'addImageStore',
  description: 'Adds a secondary storage (image store) to a zone: provider NFS with an nfs:// URL',
  access: access.rootAdmin,
  event: 'IMAGE.STORE.ADD',
  params: {
    name: { type: 'string', description: 'The name of the image store (its URL when omitted)' },
    provider: { type: 'string', required: true, description: 'The image store provider: NFS' },
    url: { type: 'string', length: 1024, description: 'The URL of the image store, e.g. nfs://10.147.28.6/export/home/sandbox/secondary' },
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone of the image store' },
  },
  response: { type: 'object', name: 'imagestore' },
  async handler(ctx, p) {
    const c = 'addImageStore';
    const provider = oneOf(c, 'provider', p.provider, ['NFS']) as string;
    if (!p.url) throw errors.missingParam(c, 'url');
    const url = p.url as string;
    if (!/^nfs:\/\/[^/]+\/.+/i.test(url)) throw errors.invalidParam(c, 'url', url, 'expected nfs://server/path');
    if (!p.zoneid) throw errors.missingParam(c, 'zoneid');
    const zone = await findZone(ctx.db, p.zoneid as string);
    const name = String(p.name ?? url).trim();
    await assertNameFree(ctx.db, 'image_store', 'image store', name);
    const row: ImageStoreRow = {
      id: crypto.randomUUID(),
      name,
      zone_id: zone.id,
      url,
      protocol: 'nfs',
      provider,
      scope: 'ZONE',
      readonly: 0,
      capacity_bytes: DEFAULT_STORE_BYTES,
      used_bytes: 0,
      created: new Date().toISOString(),
    };
    await ctx.db.insertInto('image_store').values(row).execute();
    // The images domain puts the zone's cross-zone templates on the new store (the built-in one Ready at once).
    await onImageStoreAdded(ctx.db, zone.id, row.id);
    ctx.event = { ...ctx.event, resourceType: 'ImageStore', resourceId: row.id, description: `added image store ${name} to zone ${zone.name}` };
    const [response] = await imageStoreResponses(ctx.db, [row]);
    return object(response);
  },
});

export const deleteImageStore = defineCommand({
  name: 'deleteImageStore',
  description: 'Deletes an image store',
  access: access.rootAdmin,
  event: 'IMAGE.STORE.DELETE',
  params: { id: { type: 'uuid', entity: 'ImageStore', required: true, description: 'The ID of the image store' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const store = await findImageStore(ctx.db, p.id as string);
    await ctx.db.deleteFrom('image_store').where('id', '=', store.id).execute();
    await onImageStoreRemoved(ctx.db, store.id);
    ctx.event = { ...ctx.event, resourceType: 'ImageStore', resourceId: store.id, description: `deleted image store ${store.name}` };
    return success();
  },
});

export const listImageStores = defineCommand({
  name: 'listImageStores',
  description: 'Lists image stores (secondary storage)',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the image store' },
    name: { type: 'string', description: 'The name of the image store' },
    zoneid: { type: 'uuid', description: 'The zone of the image stores' },
    protocol: { type: 'string', description: 'The protocol of the image stores: nfs' },
    provider: { type: 'string', description: 'The provider of the image stores: NFS' },
    readonly: { type: 'boolean', description: 'Only read-only (or writable) stores' },
  },
  response: { type: 'list', listKey: 'imagestore' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('image_store');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.protocol) q = q.where(sql<SqlBool>`lower(protocol) = ${String(p.protocol).toLowerCase()}`);
    if (p.provider) q = q.where(sql<SqlBool>`lower(provider) = ${String(p.provider).toLowerCase()}`);
    if (p.readonly !== undefined) q = q.where('readonly', '=', p.readonly ? 1 : 0);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await imageStoreResponses(ctx.db, rows));
  },
});
