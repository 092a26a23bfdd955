import { defineCommand, list, object, type ParamDecl } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { catalogueResponses } from '../responses.ts';
import { registerImage } from '../register.ts';
import type { TemplateRow } from '../catalogue.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** What an image is, for every command that adds one (registered from a URL or uploaded). */
export const imageParams: Record<string, ParamDecl> = {
  ostypeid: { type: 'uuid', entity: 'OsType', description: 'The ID of the OS type (default: Other Linux (64-bit))' },
  account: { type: 'string', description: 'Admins: the account to register the image for; with domainid' },
  domainid: { type: 'uuid', entity: 'Domain', description: 'Admins: the domain of that account' },
  checksum: { type: 'string', description: 'The checksum of the image ({algorithm}hex, MD5 when no algorithm)' },
  ispublic: { type: 'boolean', description: 'Whether every account may use the image' },
  isfeatured: { type: 'boolean', description: 'Whether the image is featured (root admin only)' },
  isextractable: { type: 'boolean', description: 'Whether the image may be extracted' },
};

/** Parameters registerTemplate and registerIso share. */
const common: Record<string, ParamDecl> = {
  name: { type: 'string', required: true, description: 'The name of the image' },
  displaytext: { type: 'string', required: true, length: 4096, description: 'The display text of the image' },
  url: { type: 'string', required: true, length: 2048, description: 'The http(s) URL the image is downloaded from' },
  ...imageParams,
  passwordenabled: { type: 'boolean', description: 'Whether the image supports the password reset feature' },
  isdynamicallyscalable: { type: 'boolean', description: 'Whether the image\'s VMs may be scaled while running' },
  directdownload: { type: 'boolean', description: 'Whether hosts download the image directly, bypassing image stores' },
  arch: { type: 'string', description: 'x86_64 (default) or aarch64' },
};

async function rowsOf(db: Kysely<Database>, t: TemplateRow) {
  const zones = await db.selectFrom('template_zone').selectAll().where('template_id', '=', t.id).orderBy('zone_id').execute();
  return catalogueResponses(db, zones.length ? zones.map((z) => ({ t, z })) : [{ t, z: null }]);
}

export const registerTemplate = defineCommand({
  name: 'registerTemplate',
  description: 'Registers a template from a URL; its image store downloads it into each zone named (zoneid=-1: all zones)',
  access: access.all,
  event: 'TEMPLATE.CREATE',
  params: {
    ...common,
    format: { type: 'string', required: true, description: 'QCOW2, RAW, VHD, VHDX, OVA, VMDK, TAR or ZIP' },
    hypervisor: { type: 'string', required: true, description: 'The hypervisor the template is for: Simulator, KVM...' },
    zoneid: { type: 'string', description: 'The ID of the zone to register in, or -1 for every zone' },
    zoneids: { type: 'list', of: 'uuid', entity: 'Zone', description: 'The IDs of the zones to register in' },
    bits: { type: 'integer', description: '32 or 64 (default)' },
    sshkeyenabled: { type: 'boolean', description: 'Whether the template supports the SSH key reset feature' },
    requireshvm: { type: 'boolean', description: 'Whether the template needs HVM (default true)' },
    templatetag: { type: 'string', description: 'The tag of the template' },
    templatetype: { type: 'string', description: 'Root admin: USER (default), BUILTIN, SYSTEM or ROUTING' },
  },
  response: { type: 'list', listKey: 'template' },
  async handler(ctx, p) {
    const items = await rowsOf(ctx.db, await registerImage(ctx, p, false));
    return list(items.length, items);
  },
});

export const registerIso = defineCommand({
  name: 'registerIso',
  description: 'Registers an ISO from a URL; its image store downloads it into the zone named (zoneid=-1: all zones)',
  access: access.all,
  event: 'ISO.CREATE',
  params: {
    ...common,
    zoneid: { type: 'string', required: true, description: 'The ID of the zone to register in, or -1 for every zone' },
    bootable: { type: 'boolean', description: 'Whether VMs can boot from the ISO (default true)' },
  },
  response: { type: 'object', name: 'iso' },
  async handler(ctx, p) {
    const [first] = await rowsOf(ctx.db, await registerImage(ctx, p, true));
    return object(first);
  },
});
