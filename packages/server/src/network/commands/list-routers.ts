import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { formatDate } from '../../kernel/serialize.ts';
import { agents } from '../../agents/index.ts';
import { listScope, scopeCondition } from '../../identity/scope.ts';
import { displayPath } from '../../identity/responses.ts';

/** A router's name, as CloudStack names its router VMs (`r-<id>-VM`). */
export const routerName = (id: string) => `r-${id.replace(/-/g, '').slice(0, 12)}-VM`;

export const listRouters = defineCommand({
  name: 'listRouters',
  description: 'Lists the virtual routers of guest networks (a network namespace on a host, holding the gateway and DHCP/DNS)',
  access: access.domainAdmins,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'The ID of the router' },
    name: { type: 'string', description: 'The name of the router (r-...-VM)' },
    networkid: { type: 'uuid', description: 'The router of this network' },
    zoneid: { type: 'uuid', description: 'Routers of this zone' },
    podid: { type: 'uuid', description: 'Routers on hosts of this pod' },
    clusterid: { type: 'uuid', description: 'Routers on hosts of this cluster' },
    hostid: { type: 'uuid', description: 'Routers on this host' },
    state: { type: 'string', description: 'Running (its host is Up) or Stopped' },
    forvpc: { type: 'boolean', description: 'true lists VPC routers, of which there are none yet' },
  },
  response: { type: 'list', listKey: 'router' },
  async handler(ctx, p) {
    if (p.forvpc === true) return list(0, []);
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db
      .selectFrom('network_router as r')
      .innerJoin('network', 'network.id', 'r.network_id')
      .innerJoin('host', 'host.id', 'r.host_id')
      .innerJoin('zone', 'zone.id', 'network.zone_id')
      .innerJoin('pod', 'pod.id', 'host.pod_id')
      .innerJoin('account', 'account.id', 'network.account_id')
      .innerJoin('domain', 'domain.id', 'network.domain_id')
      .where('r.id', 'is not', null)
      .where(scopeCondition(scope, { account: 'network.account_id', domain: 'network.domain_id' }));
    if (p.id) q = q.where('r.id', '=', p.id as string);
    if (p.networkid) q = q.where('r.network_id', '=', p.networkid as string);
    if (p.zoneid) q = q.where('network.zone_id', '=', p.zoneid as string);
    if (p.podid) q = q.where('host.pod_id', '=', p.podid as string);
    if (p.clusterid) q = q.where('host.cluster_id', '=', p.clusterid as string);
    if (p.hostid) q = q.where('r.host_id', '=', p.hostid as string);
    const rows = await q
      .select([
        'r.id', 'r.created', 'r.host_id', 'network.id as network_id', 'network.name as network_name', 'network.gateway', 'network.netmask', 'network.network_domain',
        'network.dns1', 'network.dns2', 'network.zone_id', 'zone.name as zone_name', 'host.name as host_name', 'host.hypervisor', 'host.pod_id', 'pod.name as pod_name',
        'network.account_id', 'account.name as account_name', 'network.domain_id', 'domain.name as domain_name', 'domain.path as domain_path',
      ])
      .orderBy('r.created')
      .orderBy('r.id')
      .execute();
    const items = rows
      .map((r) => ({ r, state: (agents().stateOf(r.host_id) ?? 'Up') === 'Up' ? 'Running' : 'Stopped' }))
      .filter(({ r, state }) => (!p.state || state.toLowerCase() === (p.state as string).toLowerCase()) && (!p.name || routerName(r.id as string) === p.name));
    return list(
      items.length,
      items.slice(offset, offset + limit).map(({ r, state }) => ({
        id: r.id,
        name: routerName(r.id as string),
        state,
        role: 'VIRTUAL_ROUTER',
        zoneid: r.zone_id,
        zonename: r.zone_name,
        podid: r.pod_id,
        podname: r.pod_name,
        hostid: r.host_id,
        hostname: r.host_name,
        hypervisor: r.hypervisor,
        guestnetworkid: r.network_id,
        guestnetworkname: r.network_name,
        guestipaddress: r.gateway,
        guestnetmask: r.netmask,
        networkdomain: r.network_domain ?? undefined,
        dns1: r.dns1 ?? undefined,
        dns2: r.dns2 ?? undefined,
        account: r.account_name,
        domainid: r.domain_id,
        domain: r.domain_name,
        domainpath: displayPath(r.domain_path),
        isredundantrouter: false,
        redundantstate: 'UNKNOWN',
        requiresupgrade: false,
        healthchecksfailed: false,
        version: '4.22.0',
        created: r.created ? formatDate(r.created) : undefined,
        hasannotations: false,
      })),
    );
  },
});
