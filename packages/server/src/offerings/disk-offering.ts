import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller, ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { visibleTo, type OfferingScopes } from './scope.ts';
import { loadOfferingResponses, scopeFields } from './responses.ts';

export type DiskOfferingRow = Database['disk_offering'];

export const GiB = 1024 ** 3;

export function diskOfferingResponse(o: DiskOfferingRow, s: OfferingScopes, zoneNames: Map<string, string>): ResponseObject {
  return {
    id: o.id,
    name: o.name,
    displaytext: o.display_text,
    disksize: o.disk_size / GiB,
    iscustomized: o.customized === 1,
    iscustomizediops: o.customized_iops === 1,
    miniops: o.min_iops,
    maxiops: o.max_iops,
    tags: o.tags,
    storagetype: o.storage_type,
    provisioningtype: o.provisioning_type,
    displayoffering: o.display_offering === 1,
    encrypt: o.encrypt === 1,
    disksizestrictness: o.disk_size_strictness === 1,
    cacheMode: o.cache_mode,
    ...scopeFields(s, zoneNames),
    state: o.state,
    created: formatDate(o.created),
    hasannotations: false,
  };
}

export async function loadDiskOfferingResponses(db: Kysely<Database>, rows: DiskOfferingRow[]): Promise<ResponseObject[]> {
  return loadOfferingResponses(db, rows, diskOfferingResponse);
}

export async function getDiskOffering(db: Kysely<Database>, id: string): Promise<DiskOfferingRow> {
  const o = await db.selectFrom('disk_offering').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!o) throw errors.notFound('disk offering', id);
  return o;
}

/** The disk offering a caller creates a volume with: 431 when missing, removed, inactive or not offered to the caller. */
export async function findDiskOffering(db: Kysely<Database>, id: string, caller: Caller): Promise<DiskOfferingRow> {
  const o = await db
    .selectFrom('disk_offering')
    .selectAll()
    .where('id', '=', id)
    .where('removed', 'is', null)
    .where('state', '=', 'Active')
    .where(visibleTo(caller, 'disk_offering.id'))
    .executeTakeFirst();
  if (!o) throw errors.notFound('disk offering', id);
  return o;
}
