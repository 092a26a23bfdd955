import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { agents } from '../agents/index.ts';
import { displayPath } from '../identity/responses.ts';
import { failed, healthResponses, type RouterHealth } from './router-health.ts';

type Db = Kysely<Database>;

/** A router's name, as CloudStack names its router VMs (`r-<id>-VM`). */
export const routerName = (id: string) => `r-${id.replace(/-/g, '').slice(0, 12)}-VM`;

/** Routers with what their responses show; the query lists and actions narrow. */
export function routersQuery(db: Db) {
  return db
    .selectFrom('network_router as r')
    .innerJoin('network', 'network.id', 'r.network_id')
    .innerJoin('host', 'host.id', 'r.host_id')
    .innerJoin('zone', 'zone.id', 'network.zone_id')
    .innerJoin('pod', 'pod.id', 'host.pod_id')
    .innerJoin('account', 'account.id', 'network.account_id')
    .innerJoin('domain', 'domain.id', 'network.domain_id')
    .leftJoin('network_ip as snat', (j) => j.onRef('snat.network_id', '=', 'network.id').on('snat.is_source_nat', '=', 1))
    .leftJoin('public_ip as snat_ip', 'snat_ip.id', 'snat.id')
    .leftJoin('vlan_ip_range as snat_range', 'snat_range.id', 'snat_ip.vlan_id')
    .where('r.id', 'is not', null)
    .select([
      'r.id', 'r.created', 'r.host_id', 'r.state as router_state', 'network.id as network_id', 'network.name as network_name', 'network.gateway', 'network.netmask',
      'network.network_domain', 'network.dns1', 'network.dns2', 'network.zone_id', 'zone.name as zone_name', 'host.name as host_name', 'host.hypervisor',
      'host.cluster_id', 'host.pod_id', 'pod.name as pod_name', 'network.account_id', 'account.name as account_name', 'network.domain_id',
      'domain.name as domain_name', 'domain.path as domain_path', 'snat_ip.address as public_ip', 'snat_range.netmask as public_netmask',
    ]);
}

export type RouterRow = Awaited<ReturnType<ReturnType<typeof routersQuery>['execute']>>[number];

/** Stopped by stopRouter, else as its host: Running while the host is Up. */
export function routerState(r: RouterRow): string {
  if (r.router_state === 'Stopped') return 'Stopped';
  return (agents().stateOf(r.host_id) ?? 'Up') === 'Up' ? 'Running' : 'Stopped';
}

/** One router for an action, or the 431 CloudStack answers for an unknown id. */
export async function findRouter(db: Db, id: string): Promise<RouterRow> {
  const r = await routersQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!r) throw errors.notFound('router', id);
  return r;
}

/** `health`: the router's last health checks; `withResults` shows them (listRouters' fetchhealthcheckresults). */
export function routerResponse(r: RouterRow, state = routerState(r), health?: RouterHealth, withResults = false): ResponseObject {
  return {
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
    // The router's public side is its network's source NAT address; a guest-only network's router has none.
    publicip: r.public_ip ?? undefined,
    publicnetmask: r.public_netmask ?? undefined,
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
    healthchecksfailed: failed(health),
    healthcheckresults: withResults && health ? healthResponses(health) : undefined,
    version: '4.22.0',
    created: r.created ? formatDate(r.created) : undefined,
    hasannotations: false,
  };
}
