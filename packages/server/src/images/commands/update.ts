import { defineCommand, object, type CommandContext, type ParamDecl, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { isRootAdmin } from '../../identity/scope.ts';
import { oneOf } from '../../offerings/index.ts';
import { assertOwnerAccess, getTemplate, kindName, type TemplateRow } from '../catalogue.ts';
import { templateFormats, templateTypes } from '../register.ts';
import { catalogueResponses } from '../responses.ts';

const common: Record<string, ParamDecl> = {
  id: { type: 'uuid', entity: 'Template', required: true, description: 'The ID of the image' },
  name: { type: 'string', description: 'The name of the image' },
  displaytext: { type: 'string', length: 4096, description: 'The display text of the image' },
  ostypeid: { type: 'uuid', entity: 'OsType', description: 'The ID of the OS type' },
  passwordenabled: { type: 'boolean', description: 'Whether the image supports the password reset feature' },
  sshkeyenabled: { type: 'boolean', description: 'Whether the image supports the SSH key reset feature' },
  isdynamicallyscalable: { type: 'boolean', description: 'Whether the image\'s VMs may be scaled while running' },
  requireshvm: { type: 'boolean', description: 'Whether the image needs HVM' },
  bootable: { type: 'boolean', description: 'Whether the image is bootable' },
  sortkey: { type: 'integer', description: 'Sort key of the image (admins)' },
  arch: { type: 'string', description: 'x86_64 or aarch64' },
};

async function update(ctx: CommandContext, p: Params, iso: boolean) {
  const t = await getTemplate(ctx.db, p.id as string, iso);
  await assertOwnerAccess(ctx.db, ctx.caller, t);
  const set: Partial<TemplateRow> = {};
  if (p.name !== undefined) set.name = p.name as string;
  if (p.displaytext !== undefined) set.display_text = p.displaytext as string;
  if (p.ostypeid !== undefined) {
    const os = await ctx.db.selectFrom('os_type').select('id').where('id', '=', p.ostypeid as string).executeTakeFirst();
    if (!os) throw errors.notFound('OS type', p.ostypeid as string);
    set.os_type_id = os.id;
  }
  if (p.format !== undefined) {
    const format = oneOf('format', p.format, templateFormats) as string;
    if ((format === 'ISO') !== iso) throw errors.paramError(`The format of ${kindName(iso)} ${t.id} cannot become ${format}`);
    set.format = format;
  }
  for (const [param, column] of [
    ['passwordenabled', 'password_enabled'],
    ['sshkeyenabled', 'sshkey_enabled'],
    ['isdynamicallyscalable', 'is_dynamically_scalable'],
    ['requireshvm', 'requires_hvm'],
    ['bootable', 'bootable'],
  ] as const) {
    if (p[param] !== undefined) set[column] = p[param] ? 1 : 0;
  }
  if (p.arch !== undefined) set.arch = oneOf('arch', p.arch, ['x86_64', 'aarch64']) as string;
  if (p.templatetag !== undefined) set.template_tag = p.templatetag as string;
  if (p.sortkey !== undefined || p.templatetype !== undefined) {
    if (!isRootAdmin(ctx.caller)) throw errors.permissionDenied('Only the root admin changes the sort key or type of an image');
    if (p.sortkey !== undefined) set.sort_key = p.sortkey as number;
    if (p.templatetype !== undefined) set.template_type = oneOf('templatetype', p.templatetype, templateTypes) as string;
  }
  if (Object.keys(set).length) await ctx.db.updateTable('template').set(set).where('id', '=', t.id).execute();
  ctx.event = { ...ctx.event, resourceType: iso ? 'Iso' : 'Template', resourceId: t.id, description: `updated ${kindName(iso)} ${set.name ?? t.name}` };
  const [response] = await catalogueResponses(ctx.db, [{ t: await getTemplate(ctx.db, t.id, iso), z: null }]);
  return object({ ...response, isready: undefined, status: undefined });
}

export const updateTemplate = defineCommand({
  name: 'updateTemplate',
  description: 'Updates a template\'s name, display text, OS type, format, flags, tag, order or type',
  access: access.all,
  event: 'TEMPLATE.UPDATE',
  params: {
    ...common,
    format: { type: 'string', description: 'The format of the template' },
    templatetag: { type: 'string', description: 'The tag of the template' },
    templatetype: { type: 'string', description: 'Root admin: USER, BUILTIN, SYSTEM or ROUTING' },
  },
  response: { type: 'object', name: 'template' },
  handler: (ctx, p) => update(ctx, p, false),
});

export const updateIso = defineCommand({
  name: 'updateIso',
  description: 'Updates an ISO\'s name, display text, OS type, flags or order',
  access: access.all,
  event: 'ISO.UPDATE',
  params: common,
  response: { type: 'object', name: 'iso' },
  handler: (ctx, p) => update(ctx, p, true),
});
