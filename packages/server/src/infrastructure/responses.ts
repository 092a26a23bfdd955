import type { Kysely } from 'kysely';
import { agents } from '../agents/index.ts';
import type { Database } from '../db/schema.ts';
import { displayPath } from '../identity/responses.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { CLOUDSTACK_VERSION, formatDate } from '../kernel/serialize.ts';
import { hostCpuCapacity, hostMemoryCapacity, settingSql } from './capacity.ts';
import { namesOf } from './lookup.ts';
import { splitTags } from './placement.ts';
import type { ZoneRow } from './tables.ts';

const inOrder = <T extends { id: string }>(ids: string[], rows: T[]): T[] => {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined);
};
const percent = (part: number, whole: number) => `${whole > 0 ? ((part / whole) * 100).toFixed(2) : '0.00'}%`;

export async function zoneResponses(db: Kysely<Database>, zones: ZoneRow[], opts: { admin: boolean }): Promise<ResponseObject[]> {
  const domainIds = [...new Set(zones.map((z) => z.domain_id).filter((d): d is string => !!d))];
  const domains = domainIds.length ? await db.selectFrom('domain').select(['id', 'name', 'path']).where('id', 'in', domainIds).execute() : [];
  const byId = new Map(domains.map((d) => [d.id, d]));
  return zones.map((z) => ({
    id: z.id,
    name: z.name,
    description: z.description ?? undefined,
    networktype: z.network_type,
    dns1: z.dns1,
    dns2: z.dns2 ?? undefined,
    ip6dns1: z.ip6_dns1 ?? undefined,
    ip6dns2: z.ip6_dns2 ?? undefined,
    // CloudStack shows the internal DNS servers and the guest CIDR to admins only.
    internaldns1: opts.admin ? z.internal_dns1 : undefined,
    internaldns2: opts.admin ? (z.internal_dns2 ?? undefined) : undefined,
    guestcidraddress: opts.admin ? (z.guest_cidr ?? undefined) : undefined,
    domain: z.network_domain ?? undefined,
    domainid: z.domain_id ?? undefined,
    domainname: z.domain_id ? byId.get(z.domain_id)?.name : undefined,
    allocationstate: z.allocation_state,
    localstorageenabled: z.local_storage_enabled === 1,
    securitygroupsenabled: z.security_group_enabled === 1,
    dhcpprovider: 'VirtualRouter',
    zonetoken: z.id.replace(/-/g, '').slice(0, 16),
    type: 'Core',
    tags: [],
    resourcedetails: {},
    hasannotations: false,
    ismultiarch: false,
    routedmodeenabled: false,
    isnsxenabled: false,
    allowuserspecifyvrmtu: false,
  }));
}

export async function podResponses(db: Kysely<Database>, ids: string[]): Promise<ResponseObject[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('pod').innerJoin('zone', 'zone.id', 'pod.zone_id').selectAll('pod').select('zone.name as zone_name').where('pod.id', 'in', ids).execute();
  return inOrder(ids, rows).map((p) => ({
    id: p.id,
    name: p.name,
    zoneid: p.zone_id,
    zonename: p.zone_name,
    gateway: p.gateway ?? undefined,
    netmask: p.netmask ?? undefined,
    startip: p.start_ip ? [p.start_ip] : [],
    endip: p.end_ip ? [p.end_ip] : [],
    forsystemvms: p.start_ip ? ['0'] : [],
    vlanid: p.start_ip ? ['vlan://untagged'] : [],
    ipranges: p.start_ip ? [{ startip: p.start_ip, endip: p.end_ip ?? p.start_ip, gateway: p.gateway, forsystemvms: '0', vlanid: 'vlan://untagged' }] : [],
    allocationstate: p.allocation_state,
    hasannotations: false,
  }));
}

export async function clusterResponses(db: Kysely<Database>, ids: string[]): Promise<ResponseObject[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('cluster')
    .innerJoin('pod', 'pod.id', 'cluster.pod_id')
    .innerJoin('zone', 'zone.id', 'cluster.zone_id')
    .selectAll('cluster')
    .select(['pod.name as pod_name', 'zone.name as zone_name'])
    .select(settingSql('cpu.overprovisioning.factor', 'cluster', 'cluster.id').as('cpu_ratio'))
    .select(settingSql('mem.overprovisioning.factor', 'cluster', 'cluster.id').as('mem_ratio'))
    .where('cluster.id', 'in', ids)
    .execute();
  return inOrder(ids, rows).map((c) => ({
    id: c.id,
    name: c.name,
    podid: c.pod_id,
    podname: c.pod_name,
    zoneid: c.zone_id,
    zonename: c.zone_name,
    hypervisortype: c.hypervisor,
    clustertype: c.cluster_type,
    allocationstate: c.allocation_state,
    managedstate: c.managed_state,
    cpuovercommitratio: String(Number(c.cpu_ratio)),
    memoryovercommitratio: String(Number(c.mem_ratio)),
    arch: 'x86_64',
    resourcedetails: {},
    hasannotations: false,
  }));
}

export async function hostResponses(db: Kysely<Database>, ids: string[]): Promise<ResponseObject[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('host')
    .innerJoin('cluster', 'cluster.id', 'host.cluster_id')
    .innerJoin('pod', 'pod.id', 'host.pod_id')
    .innerJoin('zone', 'zone.id', 'host.zone_id')
    .selectAll('host')
    .select(['cluster.name as cluster_name', 'cluster.cluster_type', 'pod.name as pod_name', 'zone.name as zone_name'])
    .select(hostCpuCapacity().as('cpu_capacity'))
    .select(hostMemoryCapacity().as('memory_capacity'))
    .where('host.id', 'in', ids)
    .execute();
  return inOrder(ids, rows).map((h) => {
    const cpuTotal = h.cpu_number * h.cpu_speed;
    const cpuUsed = Number(h.cpu_used_mhz);
    const memUsed = Number(h.memory_used);
    const cpuCapacity = Number(h.cpu_capacity);
    const memCapacity = Number(h.memory_capacity);
    const stats = agents().statsOf(h.id);
    return {
      id: h.id,
      name: h.name,
      type: 'Routing',
      // The agent gateway knows first when a host stops answering.
      state: (agents().stateOf(h.id) ?? 'Up') === 'Up' ? h.state : agents().stateOf(h.id),
      resourcestate: h.resource_state,
      hypervisor: h.hypervisor,
      hypervisorversion: h.version ?? undefined,
      version: CLOUDSTACK_VERSION,
      ipaddress: h.ip_address,
      username: h.username ?? undefined,
      zoneid: h.zone_id,
      zonename: h.zone_name,
      podid: h.pod_id,
      podname: h.pod_name,
      clusterid: h.cluster_id,
      clustername: h.cluster_name,
      clustertype: h.cluster_type,
      cpunumber: h.cpu_number,
      cpusockets: 1,
      cpuspeed: h.cpu_speed,
      cpuallocated: percent(cpuUsed, cpuTotal),
      cpuallocatedvalue: cpuUsed,
      cpuallocatedpercentage: percent(cpuUsed, cpuTotal),
      cpuallocatedwithoverprovisioning: percent(cpuUsed, cpuCapacity),
      cpuwithoverprovisioning: String(cpuCapacity),
      // Measured by a real host's agent; simulated hosts report their allocation as use.
      cpuused: stats ? `${stats.cpuUtilization.toFixed(2)}%` : '0%',
      memorytotal: Number(h.memory_total),
      memoryallocated: memUsed,
      memoryallocatedbytes: memUsed,
      memoryallocatedpercentage: percent(memUsed, Number(h.memory_total)),
      memorywithoverprovisioning: String(memCapacity),
      memoryused: stats ? stats.memoryTotalBytes - stats.memoryFreeBytes : memUsed,
      networkkbsread: stats ? Math.round(stats.networkReadKBs) : undefined,
      networkkbswrite: stats ? Math.round(stats.networkWriteKBs) : undefined,
      hosttags: splitTags(h.tags).join(',') || undefined,
      explicithosttags: splitTags(h.tags).join(',') || undefined,
      istagarule: false,
      islocalstorageactive: Number(h.local_storage_bytes) > 0,
      disksizetotal: Number(h.local_storage_bytes),
      hasenoughcapacity: cpuUsed < cpuCapacity && memUsed < memCapacity,
      created: formatDate(h.created),
      lastpinged: h.last_pinged ? formatDate(h.last_pinged) : undefined,
      arch: 'x86_64',
      encryptionsupported: false,
      instanceconversionsupported: false,
      ueficapability: false,
      hasannotations: false,
      events: 'AgentConnected; AgentDisconnected; HostDown; Ping; PingTimeout; ShutdownRequested; StartAgentRebalance; Remove; ManagementServerDown',
    };
  });
}

export async function poolResponses(db: Kysely<Database>, ids: string[]): Promise<ResponseObject[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('storage_pool')
    .selectAll()
    .select(settingSql('storage.overprovisioning.factor', 'storagepool', 'storage_pool.id').as('factor'))
    .where('id', 'in', ids)
    .execute();
  const [zones, pods, clusters] = await Promise.all([
    namesOf(db, 'zone', rows.map((r) => r.zone_id)),
    namesOf(db, 'pod', rows.map((r) => r.pod_id)),
    namesOf(db, 'cluster', rows.map((r) => r.cluster_id)),
  ]);
  return inOrder(ids, rows).map((p) => ({
    id: p.id,
    name: p.name,
    zoneid: p.zone_id,
    zonename: zones.get(p.zone_id),
    podid: p.pod_id ?? undefined,
    podname: p.pod_id ? pods.get(p.pod_id) : undefined,
    clusterid: p.cluster_id ?? undefined,
    clustername: p.cluster_id ? clusters.get(p.cluster_id) : undefined,
    scope: p.scope,
    type: p.type,
    ipaddress: p.ip_address,
    path: p.path,
    provider: p.provider,
    hypervisor: p.hypervisor ?? undefined,
    state: p.state,
    tags: splitTags(p.tags).join(',') || undefined,
    istagarule: false,
    managed: false,
    capacitybytes: Number(p.capacity_bytes),
    disksizetotal: Number(p.capacity_bytes),
    disksizeused: Number(p.used_bytes),
    disksizeallocated: Number(p.allocated_bytes),
    overprovisionfactor: String(Number(p.factor)),
    suitableformigration: false,
    created: formatDate(p.created),
    hasannotations: false,
  }));
}

/** The domain fields of a response about something dedicated to a domain (`domain`, `domainid`, `domainpath`). */
export async function domainFields(db: Kysely<Database>, domainId: string | null): Promise<ResponseObject> {
  if (!domainId) return {};
  const d = await db.selectFrom('domain').select(['name', 'path']).where('id', '=', domainId).executeTakeFirst();
  return { domainid: domainId, domain: d?.name, domainpath: d ? displayPath(d.path) : undefined };
}
