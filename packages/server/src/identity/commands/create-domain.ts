import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { ROOT_DOMAIN_ID } from '../bootstrap.ts';
import { assertDomainActive, assertNameFreeAmongSiblings, checkDomainName, checkNetworkDomain } from '../domains.ts';
import { loadDomainResponses } from '../responses.ts';
import { assertDomainAccess, findDomain } from '../scope.ts';

export const createDomain = defineCommand({
  name: 'createDomain',
  description: 'Creates a domain',
  access: access.domainAdmins,
  event: 'DOMAIN.CREATE',
  params: {
    name: { type: 'string', required: true, description: 'Name of the domain, unique among its siblings' },
    parentdomainid: { type: 'uuid', entity: 'Domain', description: 'The parent domain; ROOT when omitted' },
    networkdomain: { type: 'string', description: 'Network domain for networks in the domain' },
    domainid: { type: 'uuid', description: 'The id to give the new domain (for provisioning systems)' },
  },
  response: { type: 'object', name: 'domain' },
  async handler(ctx, p) {
    const name = checkDomainName('createDomain', p.name as string);
    checkNetworkDomain('createDomain', p.networkdomain as string | undefined);
    const parent = await findDomain(ctx, (p.parentdomainid as string | undefined) ?? ROOT_DOMAIN_ID);
    assertDomainAccess(ctx.caller, parent);
    assertDomainActive(parent);
    const id = (p.domainid as string | undefined) ?? crypto.randomUUID();
    const domain = await ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('domain').select('id').where('id', '=', id).executeTakeFirst()) {
        throw errors.paramError(`A domain with id ${id} already exists`);
      }
      await assertNameFreeAmongSiblings(trx, parent.id, name);
      const row = {
        id,
        name,
        path: `${parent.path}${name}/`,
        parent_id: parent.id,
        level: parent.level + 1,
        state: 'Active',
        network_domain: (p.networkdomain as string | undefined) ?? null,
        created: new Date().toISOString(),
      };
      await trx.insertInto('domain').values(row).execute();
      return row;
    });
    ctx.event = { ...ctx.event, resourceType: 'Domain', resourceId: id, description: `created domain ${name} under ${parent.name}` };
    const [response] = await loadDomainResponses(ctx.db, [domain]);
    return object(response);
  },
});
