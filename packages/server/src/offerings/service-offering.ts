import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller, ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { visibleTo, type OfferingScopes } from './scope.ts';
import { loadOfferingResponses, scopeFields } from './responses.ts';

export type ServiceOfferingRow = Database['service_offering'];

/** CloudStack's `serviceofferingdetails` of a customised offering: its bounds. */
function details(o: ServiceOfferingRow): Record<string, string> | undefined {
  const d: Record<string, string> = {};
  if (o.min_cpu_number !== null) d.mincpunumber = String(o.min_cpu_number);
  if (o.max_cpu_number !== null) d.maxcpunumber = String(o.max_cpu_number);
  if (o.min_memory !== null) d.minmemory = String(o.min_memory);
  if (o.max_memory !== null) d.maxmemory = String(o.max_memory);
  return Object.keys(d).length ? d : undefined;
}

export function serviceOfferingResponse(o: ServiceOfferingRow, s: OfferingScopes, zoneNames: Map<string, string>): ResponseObject {
  return {
    id: o.id,
    name: o.name,
    displaytext: o.display_text,
    cpunumber: o.cpu_number,
    cpuspeed: o.cpu_speed,
    memory: o.memory,
    iscustomized: o.customized === 1,
    offerha: o.offer_ha === 1,
    limitcpuuse: o.limit_cpu_use === 1,
    isvolatile: o.is_volatile === 1,
    dynamicscalingenabled: o.dynamic_scaling === 1,
    hosttags: o.host_tags,
    storagetags: o.storage_tags,
    storagetype: o.storage_type,
    provisioningtype: o.provisioning_type,
    rootdisksize: o.root_disk_size === null ? undefined : o.root_disk_size / 1024 ** 3,
    networkrate: o.network_rate,
    issystem: o.is_system === 1,
    systemvmtype: o.system_vm_type,
    deploymentplanner: o.deployment_planner,
    defaultuse: false,
    encryptroot: o.encrypt_root === 1,
    iscustomizediops: false,
    diskofferingstrictness: false,
    serviceofferingdetails: details(o),
    ...scopeFields(s, zoneNames),
    state: o.state,
    created: formatDate(o.created),
    hasannotations: false,
  };
}

export async function loadServiceOfferingResponses(db: Kysely<Database>, rows: ServiceOfferingRow[]): Promise<ResponseObject[]> {
  return loadOfferingResponses(db, rows, serviceOfferingResponse);
}

/** An offering that is not removed, for admin commands; 431 when missing. */
export async function getServiceOffering(db: Kysely<Database>, id: string): Promise<ServiceOfferingRow> {
  const o = await db.selectFrom('service_offering').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!o) throw errors.notFound('service offering', id);
  return o;
}

/** The offering a caller deploys with: 431 when missing, removed, inactive or not offered to the caller's domain. */
export async function findServiceOffering(db: Kysely<Database>, id: string, caller: Caller): Promise<ServiceOfferingRow> {
  const o = await db
    .selectFrom('service_offering')
    .selectAll()
    .where('id', '=', id)
    .where('removed', 'is', null)
    .where('state', '=', 'Active')
    .where(visibleTo(caller, 'service_offering.id'))
    .executeTakeFirst();
  if (!o) throw errors.notFound('service offering', id);
  return o;
}

/** Names of offerings, removed ones too (a VM keeps showing the offering it was deployed with). */
export async function serviceOfferingSummary(db: Kysely<Database>, ids: string[]): Promise<Map<string, { name: string; displaytext: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('service_offering').select(['id', 'name', 'display_text']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, displaytext: r.display_text }]));
}
