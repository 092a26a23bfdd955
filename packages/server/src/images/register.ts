import type { CommandContext, Params } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { listScope, reserveResources } from '../identity/index.ts';
import { isRootAdmin } from '../identity/scope.ts';
import { oneOf } from '../offerings/index.ts';
import { awaitingUpload, knownZones, placeInZones, startDownloads, type TemplateRow } from './catalogue.ts';
import { checkZone, storesOfZone } from './zones.ts';

export const templateFormats = ['QCOW2', 'RAW', 'VHD', 'VHDX', 'OVA', 'VMDK', 'TAR', 'ZIP', 'ISO'] as const;
export const hypervisors = ['Simulator', 'KVM', 'XenServer', 'VMware', 'Hyperv', 'LXC', 'BareMetal', 'Ovm3', 'External'] as const;
export const templateTypes = ['USER', 'BUILTIN', 'SYSTEM', 'ROUTING'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_OS = 'Other Linux (64-bit)';

/** The zones a registration names: `zoneid=-1` (or none with `zoneids`) means every zone with an image store. */
async function targetZones(ctx: CommandContext, p: Params, command: string): Promise<{ crossZones: boolean; zoneIds: string[] }> {
  const zoneid = p.zoneid as string | undefined;
  if (zoneid === '-1') return { crossZones: true, zoneIds: await knownZones(ctx.db) };
  const ids = [...new Set([...(zoneid ? [zoneid] : []), ...((p.zoneids as string[] | undefined) ?? [])])];
  if (ids.length === 0) throw errors.paramError('Either zoneid (-1 for all zones) or zoneids must be given');
  for (const id of ids) {
    if (!UUID.test(id)) throw errors.invalidParam(command, 'zoneid', id, 'expected a zone UUID or -1');
    await checkZone(ctx.db, id);
    if ((await storesOfZone(ctx.db, id)).length === 0) throw errors.unavailable(`Zone ${id} has no image store to download to: add one first`, [id]);
  }
  return { crossZones: false, zoneIds: ids };
}

/** The account a registration is for: the caller's, or (admins) the one `account` + `domainid` name. */
async function owner(ctx: CommandContext, p: Params): Promise<{ accountId: string; domainId: string }> {
  if (!p.account) return { accountId: ctx.caller.accountId, domainId: ctx.caller.domainId };
  const scope = await listScope(ctx, { account: p.account, domainid: p.domainid });
  const accountId = (scope as { accountId: string }).accountId;
  const a = await ctx.db.selectFrom('account').select('domain_id').where('id', '=', accountId).executeTakeFirstOrThrow();
  return { accountId, domainId: a.domain_id };
}

/** An image whose file the browser uploads (getUploadParamsFor*): the URL hosts will fetch it from, once uploaded. */
export interface UploadTarget {
  command: string;
  urlOf(id: string): string;
}

/**
 * Registers a template or an ISO from a URL and starts its download into the zones named; with `upload`, the image
 * waits in its one zone for the file instead (state NotUploaded).
 */
export async function registerImage(ctx: CommandContext, p: Params, iso: boolean, upload?: UploadTarget): Promise<TemplateRow> {
  const command = upload?.command ?? (iso ? 'registerIso' : 'registerTemplate');
  const url = p.url as string;
  if (!upload && !/^https?:\/\/[^/\s]+/i.test(url)) throw errors.invalidParam(command, 'url', url, 'only http and https URLs are supported');
  const format = iso ? 'ISO' : (oneOf('format', p.format, templateFormats) as string);
  if (format === 'ISO' && !iso) throw errors.paramError(`Use ${upload ? 'getUploadParamsForIso' : 'registerIso'} for an ISO`);
  if (upload && !iso && format !== 'QCOW2') throw errors.invalidParam(command, 'format', format, 'only QCOW2 templates can be uploaded (the file is checked for the qcow2 header)');
  const hypervisor = iso ? '' : (oneOf('hypervisor', p.hypervisor, hypervisors) as string);
  const type = oneOf('templatetype', p.templatetype, templateTypes) ?? 'USER';
  if (type !== 'USER' && !isRootAdmin(ctx.caller)) throw errors.permissionDenied('Only the root admin registers templates of type other than USER');
  if (p.isfeatured && !isRootAdmin(ctx.caller)) throw errors.permissionDenied('Only the root admin makes templates featured');
  if (p.ispublic && !isRootAdmin(ctx.caller) && !(await ctx.settings.bool('allow.public.user.templates'))) {
    throw errors.permissionDenied('Users may not make templates public (allow.public.user.templates is false)');
  }
  if (p.bits !== undefined && p.bits !== 32 && p.bits !== 64) throw errors.invalidParam(command, 'bits', String(p.bits), 'expected 32 or 64');
  const arch = oneOf('arch', p.arch, ['x86_64', 'aarch64']) ?? 'x86_64';
  const os = p.ostypeid
    ? await ctx.db.selectFrom('os_type').select('id').where('id', '=', p.ostypeid as string).executeTakeFirst()
    : await ctx.db.selectFrom('os_type').select('id').where('description', '=', DEFAULT_OS).executeTakeFirst();
  if (!os) throw errors.notFound('OS type', (p.ostypeid as string | undefined) ?? DEFAULT_OS);
  const { accountId, domainId } = await owner(ctx, p);
  const { crossZones, zoneIds } = await targetZones(ctx, p, command);
  const id = crypto.randomUUID();
  const row: TemplateRow = {
    id,
    name: p.name as string,
    display_text: p.displaytext as string,
    format,
    hypervisor,
    url: upload ? upload.urlOf(id) : url,
    checksum: (p.checksum as string | undefined) ?? null,
    os_type_id: os.id,
    account_id: accountId,
    domain_id: domainId,
    template_type: type,
    is_public: p.ispublic ? 1 : 0,
    is_featured: p.isfeatured ? 1 : 0,
    is_extractable: p.isextractable ? 1 : 0,
    password_enabled: p.passwordenabled ? 1 : 0,
    sshkey_enabled: p.sshkeyenabled ? 1 : 0,
    is_dynamically_scalable: p.isdynamicallyscalable ? 1 : 0,
    requires_hvm: p.requireshvm === false ? 0 : 1,
    bootable: iso ? (p.bootable === false ? 0 : 1) : 1,
    bits: (p.bits as number | undefined) ?? 64,
    arch,
    template_tag: (p.templatetag as string | undefined) ?? null,
    cross_zones: crossZones ? 1 : 0,
    direct_download: p.directdownload ? 1 : 0,
    sort_key: 0,
    created: new Date().toISOString(),
    removed: null,
  };
  const downloading = await ctx.db.transaction().execute(async (trx) => {
    await reserveResources(trx, accountId, { template: 1 });
    await trx.insertInto('template').values(row).execute();
    return placeInZones(trx, row, zoneIds, upload ? awaitingUpload : undefined);
  });
  startDownloads(ctx.db, row, downloading);
  ctx.event = { ...ctx.event, resourceType: iso ? 'Iso' : 'Template', resourceId: row.id, description: `registered ${iso ? 'ISO' : 'template'} ${row.name}${upload ? ' for upload' : ''}` };
  return row;
}
