import { sql, type SqlBool } from 'kysely';
import { containsText, escapeLike } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { accountChain } from '../../kernel/settings-store.ts';
import { isAdmin, listScope, scopeCondition } from '../../identity/scope.ts';
import { tagFilter } from '../../operations/index.ts';
import { vmResponses } from '../vm-response.ts';
import { vmStates } from '../vm-state.ts';
import { errors } from '../../kernel/errors.ts';

const detailGroups = ['all', 'group', 'nics', 'stats', 'secgrp', 'tmpl', 'servoff', 'diskoff', 'backoff', 'iso', 'volume', 'min', 'affgrp'];

export const listVirtualMachines = defineCommand({
  name: 'listVirtualMachines',
  description: 'Lists VMs in the caller\'s reach',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'The VM with this id' },
    ids: { type: 'list', of: 'uuid', description: 'The VMs with these ids' },
    name: { type: 'string', description: 'VMs with this name' },
    state: { type: 'string', description: 'VMs in this state' },
    zoneid: { type: 'uuid', description: 'VMs in this zone' },
    templateid: { type: 'uuid', description: 'VMs deployed from this template' },
    isoid: { type: 'uuid', description: 'VMs with this ISO attached' },
    serviceofferingid: { type: 'uuid', description: 'VMs with this service offering' },
    networkid: { type: 'uuid', description: 'VMs with a NIC in this network' },
    hostid: { type: 'uuid', description: 'Admins: VMs on this host' },
    keypair: { type: 'string', description: 'VMs with this SSH key pair' },
    userdataid: { type: 'uuid', description: 'VMs using this registered user data' },
    displayvm: { type: 'boolean', description: 'Admins: VMs shown (true) or hidden (false) to their owners' },
    tags: { type: 'map', description: 'VMs with these tags: tags[0].key=...&tags[0].value=...' },
    details: { type: 'list', of: 'string', description: `Groups of fields to answer: ${detailGroups.join(', ')} (all by default)` },
    projectid: { type: 'uuid', description: 'Projects are not supported yet' },
  },
  response: { type: 'list', listKey: 'virtualmachine' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    const details = (p.details as string[] | undefined)?.map((d) => d.trim().toLowerCase());
    const unknown = details?.find((d) => !detailGroups.includes(d));
    if (unknown) throw errors.paramError(`Invalid details value ${unknown}: expected one of ${detailGroups.join(', ')}`);
    const admin = isAdmin(ctx.caller);
    const seesDestroyed = admin || (await ctx.settings.bool('allow.user.view.destroyed.vm', accountChain(ctx.caller.accountId, ctx.caller.domainId)));
    let q = ctx.db.selectFrom('vm_instance').where(scopeCondition(scope, { account: 'vm_instance.account_id', domain: 'vm_instance.domain_id' }));
    if (!seesDestroyed) q = q.where('state', 'not in', ['Destroyed', 'Expunging']);
    if (!admin) q = q.where('display_vm', '=', 1);
    else if (p.displayvm !== undefined) q = q.where('display_vm', '=', p.displayvm ? 1 : 0);
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.ids) q = q.where('id', 'in', p.ids as string[]);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.state) {
      const state = vmStates.find((s) => s.toLowerCase() === (p.state as string).toLowerCase());
      q = q.where('state', '=', state ?? (p.state as string));
    }
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.templateid) q = q.where('template_id', '=', p.templateid as string);
    if (p.isoid) q = q.where('iso_id', '=', p.isoid as string);
    if (p.serviceofferingid) q = q.where('service_offering_id', '=', p.serviceofferingid as string);
    if (p.hostid && admin) q = q.where('host_id', '=', p.hostid as string);
    if (p.userdataid) q = q.where('user_data_id', '=', p.userdataid as string);
    if (p.keypair) {
      const k = p.keypair as string;
      q = q.where(sql<SqlBool>`(',' || ${sql.ref('keypairs')} || ',') LIKE ${`%,${escapeLike(k)},%`} ESCAPE '\\'`);
    }
    if (p.networkid) q = q.where('id', 'in', (eb) => eb.selectFrom('nic').select('nic.vm_id').where('nic.network_id', '=', p.networkid as string));
    if (p.tags) q = q.where(tagFilter('UserVm', 'vm_instance.id', p.tags));
    if (p.keyword) {
      const k = p.keyword as string;
      q = q.where((eb) => eb.or([containsText('vm_instance.name', k), containsText('vm_instance.display_name', k), containsText('vm_instance.instance_name', k), containsText('vm_instance.state', k)]));
    }
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('created').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    const groups = details && !details.includes('all') ? new Set(details.includes('min') ? [] : details) : undefined;
    return list(Number(count), await vmResponses(ctx.db, ctx.caller, rows, { details: groups }));
  },
});
