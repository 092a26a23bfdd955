import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { listScope, scopeCondition } from '../../identity/scope.ts';
import { failed, lastHealth } from '../router-health.ts';
import { routerName, routerResponse, routersQuery, routerState } from '../routers-view.ts';

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
    healthchecksfailed: { type: 'boolean', description: 'Only routers whose last health checks failed (true) or passed (false)' },
    fetchhealthcheckresults: { type: 'boolean', description: 'Show each router\'s last health check results' },
  },
  response: { type: 'list', listKey: 'router' },
  async handler(ctx, p) {
    if (p.forvpc === true) return list(0, []);
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = routersQuery(ctx.db).where(scopeCondition(scope, { account: 'network.account_id', domain: 'network.domain_id' }));
    if (p.id) q = q.where('r.id', '=', p.id as string);
    if (p.networkid) q = q.where('r.network_id', '=', p.networkid as string);
    if (p.zoneid) q = q.where('network.zone_id', '=', p.zoneid as string);
    if (p.podid) q = q.where('host.pod_id', '=', p.podid as string);
    if (p.clusterid) q = q.where('host.cluster_id', '=', p.clusterid as string);
    if (p.hostid) q = q.where('r.host_id', '=', p.hostid as string);
    const rows = await q
      .orderBy('r.created')
      .orderBy('r.id')
      .execute();
    const health = await lastHealth(ctx.db, rows.map((r) => r.id as string));
    // CloudStack's keyword matches a router's name, its network's name or its state.
    const keyword = (p.keyword as string | undefined)?.toLowerCase();
    const items = rows
      .map((r) => ({ r, state: routerState(r), health: health.get(r.id as string) }))
      .filter(({ r, state }) => (!p.state || state.toLowerCase() === (p.state as string).toLowerCase()) && (!p.name || routerName(r.id as string) === p.name))
      .filter(({ health }) => p.healthchecksfailed === undefined || failed(health) === p.healthchecksfailed)
      .filter(({ r, state }) => keyword === undefined || [routerName(r.id as string), r.network_name, state].some((text) => String(text).toLowerCase().includes(keyword)));
    const page = items.slice(offset, offset + limit);
    return list(items.length, page.map(({ r, state, health }) => routerResponse(r, state, health, p.fetchhealthcheckresults === true)));
  },
});
