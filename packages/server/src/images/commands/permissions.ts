import { defineCommand, list, success, type CommandContext, type ParamDecl, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { isRootAdmin } from '../../identity/scope.ts';
import { oneOf } from '../../offerings/index.ts';
import { assertOwnerAccess, getTemplate, kindName } from '../catalogue.ts';

const updateParams: Record<string, ParamDecl> = {
  id: { type: 'uuid', entity: 'Template', required: true, description: 'The ID of the image' },
  op: { type: 'string', description: 'What to do with accounts: add, remove or reset (reset removes every account)' },
  accounts: { type: 'list', description: 'Names of accounts of the owner\'s domain to share the image with, or to stop sharing it with' },
  ispublic: { type: 'boolean', description: 'Whether every account may use the image' },
  isfeatured: { type: 'boolean', description: 'Whether the image is featured (root admin only)' },
  isextractable: { type: 'boolean', description: 'Whether the image may be extracted' },
};

/** Shares an image with accounts of its owner's domain (CloudStack's launch permissions) or changes its visibility. */
async function updatePermissions(ctx: CommandContext, p: Params, iso: boolean) {
  const t = await getTemplate(ctx.db, p.id as string, iso);
  await assertOwnerAccess(ctx.db, ctx.caller, t);
  const op = oneOf('op', p.op, ['add', 'remove', 'reset']);
  const names = (p.accounts as string[] | undefined) ?? [];
  if (names.length && !op) throw errors.paramError('op (add or remove) must be given with accounts');
  if ((op === 'add' || op === 'remove') && names.length === 0) throw errors.paramError(`accounts must be given with op=${op}`);
  if (p.isfeatured !== undefined && !isRootAdmin(ctx.caller)) throw errors.permissionDenied('Only the root admin makes images featured');
  if (p.ispublic && !isRootAdmin(ctx.caller) && !(await ctx.settings.bool('allow.public.user.templates'))) {
    throw errors.permissionDenied('Users may not make images public (allow.public.user.templates is false)');
  }
  const accounts = names.length
    ? await ctx.db.selectFrom('account').select(['id', 'name']).where('domain_id', '=', t.domain_id).where('name', 'in', names).execute()
    : [];
  const unknown = names.filter((n) => !accounts.some((a) => a.name === n));
  if (unknown.length) throw errors.paramError(`Unable to find accounts ${unknown.join(', ')} in the domain of ${kindName(iso)} ${t.id}`);
  const set: { is_public?: number; is_featured?: number; is_extractable?: number } = {};
  if (p.ispublic !== undefined) set.is_public = p.ispublic ? 1 : 0;
  if (p.isfeatured !== undefined) set.is_featured = p.isfeatured ? 1 : 0;
  if (p.isextractable !== undefined) set.is_extractable = p.isextractable ? 1 : 0;
  await ctx.db.transaction().execute(async (trx) => {
    if (Object.keys(set).length) await trx.updateTable('template').set(set).where('id', '=', t.id).execute();
    const others = accounts.filter((a) => a.id !== t.account_id).map((a) => a.id);
    if (op === 'reset') await trx.deleteFrom('template_permission').where('template_id', '=', t.id).execute();
    if (op === 'remove' && others.length) {
      await trx.deleteFrom('template_permission').where('template_id', '=', t.id).where('account_id', 'in', others).execute();
    }
    if (op === 'add' && others.length) {
      await trx
        .insertInto('template_permission')
        .values(others.map((account_id) => ({ template_id: t.id, account_id })))
        .onConflict((oc) => oc.columns(['template_id', 'account_id']).doNothing())
        .execute();
    }
  });
  ctx.event = { ...ctx.event, resourceType: iso ? 'Iso' : 'Template', resourceId: t.id, description: `updated permissions of ${kindName(iso)} ${t.name}` };
  return success();
}

async function listPermissions(ctx: CommandContext, p: Params, iso: boolean) {
  const t = await getTemplate(ctx.db, p.id as string, iso);
  await assertOwnerAccess(ctx.db, ctx.caller, t);
  const accounts = await ctx.db
    .selectFrom('template_permission')
    .innerJoin('account', 'account.id', 'template_permission.account_id')
    .select('account.name')
    .where('template_permission.template_id', '=', t.id)
    .orderBy('account.name')
    .execute();
  return list(1, [{ id: t.id, ispublic: t.is_public === 1, domainid: t.domain_id, account: accounts.map((a) => a.name) }]);
}

export const updateTemplatePermissions = defineCommand({
  name: 'updateTemplatePermissions',
  description: 'Shares a template with accounts, or changes whether it is public, featured or extractable',
  access: access.all,
  event: 'TEMPLATE.UPDATE',
  params: updateParams,
  response: { type: 'success' },
  handler: (ctx, p) => updatePermissions(ctx, p, false),
});

export const updateIsoPermissions = defineCommand({
  name: 'updateIsoPermissions',
  description: 'Shares an ISO with accounts, or changes whether it is public, featured or extractable',
  access: access.all,
  event: 'ISO.UPDATE',
  params: updateParams,
  response: { type: 'success' },
  handler: (ctx, p) => updatePermissions(ctx, p, true),
});

export const listTemplatePermissions = defineCommand({
  name: 'listTemplatePermissions',
  description: 'Lists the accounts a template is shared with, and whether it is public',
  access: access.all,
  params: { id: { type: 'uuid', required: true, description: 'The template ID' } },
  response: { type: 'list', listKey: 'templatepermission' },
  handler: (ctx, p) => listPermissions(ctx, p, false),
});

export const listIsoPermissions = defineCommand({
  name: 'listIsoPermissions',
  description: 'Lists the accounts an ISO is shared with, and whether it is public',
  access: access.all,
  params: { id: { type: 'uuid', required: true, description: 'The ISO ID' } },
  response: { type: 'list', listKey: 'isopermission' },
  handler: (ctx, p) => listPermissions(ctx, p, true),
});
