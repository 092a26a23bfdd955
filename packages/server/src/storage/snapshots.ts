import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { displayPath } from '../identity/responses.ts';
import { zoneNames } from '../infrastructure/index.ts';
import { tagsOf } from '../operations/index.ts';

export type SnapshotRow = Database['snapshot'];
type Db = Kysely<Database> | Transaction<Database>;

export async function findSnapshot(db: Db, id: string): Promise<SnapshotRow & { domain_path: string }> {
  const row = await db
    .selectFrom('snapshot')
    .innerJoin('domain', 'domain.id', 'snapshot.domain_id')
    .selectAll('snapshot')
    .select('domain.path as domain_path')
    .where('snapshot.id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound('snapshot', id);
  return row;
}

/** Snapshot response objects, with owner, zone and volume names fetched once for the whole page. */
export async function snapshotResponses(db: Db, rows: SnapshotRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const owners = await db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'domain.name as domain_name', 'domain.path'])
    .where('account.id', 'in', [...new Set(rows.map((r) => r.account_id))])
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.id, o]));
  const volumes = await db
    .selectFrom('volume')
    .select(['id', 'name', 'state'])
    .where('id', 'in', [...new Set(rows.map((r) => r.volume_id))])
    .execute();
  const volumeOf = new Map(volumes.map((v) => [v.id, v]));
  const zones = await zoneNames(db as Kysely<Database>, [...new Set(rows.map((r) => r.zone_id))]);
  const tags = await tagsOf(db, 'Snapshot', rows.map((r) => r.id));
  return rows.map((r) => {
    const owner = ownerOf.get(r.account_id);
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
      account: owner?.name,
      domainid: r.domain_id,
      domain: owner?.domain_name,
      domainpath: owner ? displayPath(owner.path) : undefined,
      // Reverting needs the volume still there.
      revertable: volume !== undefined,
      hasannotations: false,
      tags: tags.get(r.id) ?? [],
      created: formatDate(r.created),
    };
  });
}
