import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { ROOT_DOMAIN_ID } from '../bootstrap.ts';
import { assertDomainActive, assertNameFreeAmongSiblings, checkDomainName, checkNetworkDomain, renameDomain } from '../domains.ts';
import { loadDomainResponses } from '../responses.ts';
import { assertDomainAccess, findDomain } from '../scope.ts';

export const updateDomain = defineCommand({
  name: 'updateDomain',
  description: 'Updates a domain\'s name or network domain; a rename changes the path of the domain and its descendants',
  access: access.domainAdmins,
  event: 'DOMAIN.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'Domain', required: true, description: 'ID of the domain to update' },
    name: { type: 'string', description: 'New name for the domain' },
    networkdomain: { type: 'string', description: 'Network domain for the domain\'s networks' },
  },
  response: { type: 'object', name: 'domain' },
  async handler(ctx, p) {
    const domain = await findDomain(ctx, p.id as string);
    assertDomainAccess(ctx.caller, domain);
    assertDomainActive(domain);
    const name = p.name === undefined ? undefined : checkDomainName('updateDomain', p.name as string);
    if (name !== undefined && domain.id === ROOT_DOMAIN_ID) throw errors.paramError('ROOT domain can not be edited with a new name');
    checkNetworkDomain('updateDomain', p.networkdomain as string | undefined);
    await ctx.db.transaction().execute(async (trx) => {
      if (name !== undefined && name !== domain.name) {
        await assertNameFreeAmongSiblings(trx, domain.parent_id as string, name, domain.id);
        await renameDomain(trx, domain, name);
      }
      if (p.networkdomain !== undefined) {
        await trx.updateTable('domain').set({ network_domain: p.networkdomain as string }).where('id', '=', domain.id).execute();
      }
    });
    ctx.event = { ...ctx.event, resourceType: 'Domain', resourceId: domain.id, description: `updated domain ${name ?? domain.name}` };
    const updated = await findDomain(ctx, domain.id);
    const [response] = await loadDomainResponses(ctx.db, [updated]);
    return object(response);
  },
});
