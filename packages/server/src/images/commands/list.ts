import { defineCommand, list, type ParamDecl } from '../../kernel/command.ts';
import { listParams, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { listCatalogue } from '../listing.ts';
import { catalogueResponses } from '../responses.ts';

const common: Record<string, ParamDecl> = {
  ...listParams,
  ...scopeParams,
  id: { type: 'uuid', description: 'The image ID' },
  name: { type: 'string', description: 'The image name' },
  zoneid: { type: 'uuid', description: 'Images in this zone' },
  hypervisor: { type: 'string', description: 'Images for this hypervisor' },
  isready: { type: 'boolean', description: 'Only images that are ready (true) or not (false)' },
  oscategoryid: { type: 'uuid', description: 'Images of OS types of this category' },
  arch: { type: 'string', description: 'Images of this CPU architecture' },
  tags: { type: 'map', description: 'Images with these tags: tags[0].key=k&tags[0].value=v' },
};

export const listTemplates = defineCommand({
  name: 'listTemplates',
  description: 'Lists templates, one item per zone a template is in, narrowed by templatefilter',
  access: access.all,
  params: {
    ...common,
    templatefilter: { type: 'string', required: true, description: 'featured, self, selfexecutable, sharedexecutable, executable, community or all (admins)' },
    ids: { type: 'list', of: 'uuid', description: 'The IDs of the templates' },
    templatetype: { type: 'string', description: 'USER, BUILTIN, SYSTEM or ROUTING' },
  },
  response: { type: 'list', listKey: 'template' },
  async handler(ctx, p) {
    const { count, items } = await listCatalogue(ctx, p, false, 'templatefilter');
    return list(count, await catalogueResponses(ctx.db, items));
  },
});

export const listIsos = defineCommand({
  name: 'listIsos',
  description: 'Lists ISOs, one item per zone an ISO is in, narrowed by isofilter (default selfexecutable)',
  access: access.all,
  params: {
    ...common,
    isofilter: { type: 'string', description: 'featured, self, selfexecutable (default), sharedexecutable, executable, community or all (admins)' },
    ispublic: { type: 'boolean', description: 'Only public ISOs (true) or private ones (false)' },
    bootable: { type: 'boolean', description: 'Only bootable ISOs (true) or not (false)' },
  },
  response: { type: 'list', listKey: 'iso' },
  async handler(ctx, p) {
    const { count, items } = await listCatalogue(ctx, p, true, 'isofilter', 'selfexecutable');
    return list(count, await catalogueResponses(ctx.db, items));
  },
});
