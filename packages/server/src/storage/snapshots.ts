import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { formatDate } from '../kernel/serialize.ts';
import { zoneNames } from '../infrastructure/index.ts';
import { tagsOf } from '../operations/index.ts';
import { findOwned, ownerFieldsOf } from './owned.ts';

export type SnapshotRow = Database['snapshot'];
type Db = Kysely<Database> | Transaction<Database>;

export function findSnapshot(db: Db, id: string): Promise<SnapshotRow & { domain_path: string }> {
  return findOwned(db, 'snapshot', id, 'snapshot');
}

/** Snapshot response objects, with owner, zone and volume names fetched once for the whole page. */
export async function snapshotResponses(db: Db, rows: SnapshotRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const ownerOf = await ownerFieldsOf(db, rows);
  const volumes = await db
    .selectFrom('volume')
    .select(['id', 'name', 'state'])
    .where('id', 'in', [...new Set(rows.map((r) => r.volume_id))])
    .execute();
  const volumeOf = new Map(volumes.map((v) => [v.id, v]));
  const zones = await zoneNames(db as Kysely<Database>, [...new Set(rows.map((r) => r.zone_id))]);
  const tags = await tagsOf(db, 'Snapshot', rows.map((r) => r.id));
  return rows.map((r) => {
    const volume = volumeOf.get(r.volume_id);
    return {
      id: r.id,
      name: r.name,
      state: r.state,
      snapshottype: 'MANUAL',
      intervaltype: 'MANUAL',
      locationtype: 'PRIMARY',
      volumeid: r.volume_id,
      volumename: volume?.name,
      volumestate: volume?.state,
      volumetype: r.volume_type,
      virtualsize: r.size,
      physicalsize: r.size,
      zoneid: r.zone_id,
      zonename: zones.get(r.zone_id),
      ...ownerOf(r),
      // Reverting needs the volume still there.
      revertable: volume !== undefined,
      hasannotations: false,
      tags: tags.get(r.id) ?? [],
      created: formatDate(r.created),
    };
  });
}
