import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { formatDate } from '../kernel/serialize.ts';
import { displayPath } from '../identity/responses.ts';
import { tagsOf } from '../operations/index.ts';
import { tagType } from './registrations.ts';
import type { TemplateRow } from './catalogue.ts';
import { zoneNamesOf } from './zones.ts';

export type ZoneRow = Database['template_zone'];

/** One item of listTemplates/listIsos: a template, in one zone (or in none yet). */
export interface CatalogueItem {
  t: TemplateRow;
  z: ZoneRow | null;
}

export async function catalogueResponses(db: Kysely<Database>, items: CatalogueItem[]): Promise<ResponseObject[]> {
  const ids = (pick: (i: CatalogueItem) => string | undefined) => [...new Set(items.map(pick).filter((x): x is string => !!x))];
  const accountIds = ids((i) => i.t.account_id);
  const domainIds = ids((i) => i.t.domain_id);
  const osIds = ids((i) => i.t.os_type_id);
  const [accounts, domains, os, zones, templateTags, isoTags] = await Promise.all([
    accountIds.length ? db.selectFrom('account').select(['id', 'name']).where('id', 'in', accountIds).execute() : [],
    domainIds.length ? db.selectFrom('domain').select(['id', 'name', 'path']).where('id', 'in', domainIds).execute() : [],
    osIds.length ? db.selectFrom('os_type').select(['id', 'description']).where('id', 'in', osIds).execute() : [],
    zoneNamesOf(db, ids((i) => i.z?.zone_id)),
    tagsOf(db, tagType(false), ids((i) => (i.t.format === 'ISO' ? undefined : i.t.id))),
    tagsOf(db, tagType(true), ids((i) => (i.t.format === 'ISO' ? i.t.id : undefined))),
  ]);
  const account = new Map(accounts.map((a) => [a.id, a.name]));
  const domain = new Map(domains.map((d) => [d.id, d]));
  const osName = new Map(os.map((o) => [o.id, o.description]));
  return items.map(({ t, z }) => {
    const iso = t.format === 'ISO';
    const d = domain.get(t.domain_id);
    return {
      id: t.id,
      name: t.name,
      displaytext: t.display_text,
      format: t.format,
      hypervisor: iso ? undefined : t.hypervisor,
      ostypeid: t.os_type_id,
      ostypename: osName.get(t.os_type_id),
      account: account.get(t.account_id),
      accountid: t.account_id,
      domain: d?.name,
      domainid: t.domain_id,
      domainpath: d ? displayPath(d.path) : undefined,
      templatetype: t.template_type,
      ispublic: t.is_public === 1,
      isfeatured: t.is_featured === 1,
      isextractable: t.is_extractable === 1,
      passwordenabled: t.password_enabled === 1,
      sshkeyenabled: t.sshkey_enabled === 1,
      isdynamicallyscalable: t.is_dynamically_scalable === 1,
      requireshvm: t.requires_hvm === 1,
      bootable: t.bootable === 1,
      bits: t.bits,
      arch: t.arch,
      templatetag: t.template_tag,
      checksum: t.checksum,
      url: t.url,
      crossZones: t.cross_zones === 1,
      directdownload: t.direct_download === 1,
      deployasis: false,
      created: formatDate(t.created),
      zoneid: z?.zone_id,
      zonename: z ? (zones.get(z.zone_id) ?? undefined) : undefined,
      isready: z?.state === 'Ready',
      status: z?.status ?? 'Not uploaded to any zone',
      size: z?.size,
      physicalsize: z?.physical_size,
      downloaddetails: z ? [{ datastore: z.store_id ?? undefined, downloadPercent: String(z.download_percent), downloadState: downloadState(z.state) }] : undefined,
      tags: (iso ? isoTags : templateTags).get(t.id) ?? [],
      hasannotations: false,
    };
  });
}

/** CloudStack's `Status` names for a download or a browser upload. */
function downloadState(state: string): string {
  if (state === 'Ready') return 'DOWNLOADED';
  if (state === 'Error') return 'DOWNLOAD_ERROR';
  if (state === 'NotUploaded') return 'NOT_UPLOADED';
  if (state === 'Uploading') return 'UPLOAD_IN_PROGRESS';
  if (state === 'UploadError') return 'UPLOAD_ERROR';
  return 'DOWNLOAD_IN_PROGRESS';
}
