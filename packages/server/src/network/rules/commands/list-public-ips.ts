import { containsText } from '../../../db/text.ts';
import { defineCommand, list } from '../../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../../kernel/paging.ts';
import { access } from '../../../kernel/roles.ts';
import { tagFilter } from '../../../operations/index.ts';
import { listScope, scopeCondition } from '../../../identity/scope.ts';
import { ipColumns, ipResponses } from '../responses.ts';

export const listPublicIpAddresses = defineCommand({
  name: 'listPublicIpAddresses',
  description: 'Lists the public IP addresses accounts hold, as the caller may see them',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'List the address with this ID' },
    ipaddress: { type: 'string', description: 'List this address' },
    associatednetworkid: { type: 'uuid', description: 'List the addresses of this guest network' },
    networkid: { type: 'uuid', description: 'Same as associatednetworkid' },
    isstaticnat: { type: 'boolean', description: 'List only addresses with (true) or without (false) static NAT' },
    issourcenat: { type: 'boolean', description: 'List only source NAT addresses (true) or the others (false)' },
    allocatedonly: { type: 'boolean', description: 'Only allocated addresses (the default: free ones are never listed)' },
    zoneid: { type: 'uuid', description: 'List the addresses of this zone' },
    vlanid: { type: 'uuid', description: 'List the addresses of this public IP range' },
    physicalnetworkid: { type: 'uuid', description: 'List the addresses of this physical network\'s ranges' },
    forvirtualnetwork: { type: 'boolean', description: 'true (or absent) lists guest-network addresses; false lists none' },
    forsystemvms: { type: 'boolean', description: 'true lists addresses of system VM ranges: none are held by accounts' },
    forloadbalancing: { type: 'boolean', description: 'Accepted for compatibility; load balancers come later' },
    fordisplay: { type: 'boolean', description: 'Accepted for compatibility; every address is shown' },
    state: { type: 'string', description: 'List addresses in this state (Allocated)' },
    tags: { type: 'map', description: 'Only addresses with these tags: tags[0].key=...&tags[0].value=...' },
  },
  response: { type: 'list', listKey: 'publicipaddress' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    const none = p.forvirtualnetwork === false || p.forsystemvms === true || (p.state !== undefined && (p.state as string).toLowerCase() !== 'allocated');
    if (none) return list(0, []);
    let q = ipColumns(ctx.db).where(scopeCondition(scope, { account: 'public_ip.account_id', domain: 'public_ip.domain_id' }));
    if (p.id) q = q.where('public_ip.id', '=', p.id as string);
    if (p.ipaddress) q = q.where('public_ip.address', '=', p.ipaddress as string);
    const network = (p.associatednetworkid ?? p.networkid) as string | undefined;
    if (network) q = q.where('public_ip.network_id', '=', network);
    if (p.zoneid) q = q.where('public_ip.zone_id', '=', p.zoneid as string);
    if (p.vlanid) q = q.where('public_ip.vlan_id', '=', p.vlanid as string);
    if (p.physicalnetworkid) {
      q = q.where('public_ip.vlan_id', 'in', (eb) => eb.selectFrom('vlan_ip_range').select('vlan_ip_range.id').where('vlan_ip_range.physical_network_id', '=', p.physicalnetworkid as string));
    }
    if (p.issourcenat !== undefined) q = q.where((eb) => (p.issourcenat ? eb('network_ip.is_source_nat', '=', 1) : eb.or([eb('network_ip.is_source_nat', 'is', null), eb('network_ip.is_source_nat', '=', 0)])));
    if (p.isstaticnat !== undefined) q = q.where('network_ip.static_nat_vm_id', p.isstaticnat ? 'is not' : 'is', null);
    if (p.tags) q = q.where(tagFilter('PublicIpAddress', 'public_ip.id', p.tags));
    if (p.keyword) q = q.where(containsText('public_ip.address', p.keyword as string));
    const [count, rows] = await Promise.all([
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.orderBy('public_ip.address_num').orderBy('public_ip.id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count.count), await ipResponses(ctx.db, rows));
  },
});
