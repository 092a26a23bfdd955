import { connectHost, disconnectHost, kvmAddress } from '../../agents/index.ts';
import { defineCommand } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { allocationState, findCluster, findPod, findZone } from '../lookup.ts';
import { hostResponses } from '../responses.ts';
import { parseSimulatorUrl } from '../simulator-url.ts';
import type { ClusterRow, HostRow } from '../tables.ts';
import { oneOf } from '../validate.ts';
import { hypervisorTypes } from './clusters.ts';

/** A stable made-up management address for a simulated host, from its id. */
function simulatedAddress(id: string): string {
  const h = Number.parseInt(id.replace(/-/g, '').slice(0, 6), 16);
  return `172.${16 + ((h >> 16) & 15)}.${(h >> 8) & 255}.${(h & 255) || 1}`;
}

export const addHost = defineCommand({
  name: 'addHost',
  description: 'Adds a host to a cluster. KVM hosts run nimbus agent, connected to this server, configured with the same username and password. Simulator hosts take CloudStack\'s simulator URL form http://sim/c0/h0, with optional ?cpunumber=&cpuspeed=(MHz)&memory=(MiB)&localstorage=(GiB)',
  access: access.rootAdmin,
  event: 'HOST.ADD',
  params: {
    zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone of the host' },
    podid: { type: 'uuid', entity: 'Pod', required: true, description: 'The pod of the host' },
    clusterid: { type: 'uuid', entity: 'Cluster', description: 'The cluster of the host' },
    clustername: { type: 'string', description: 'The cluster of the host by name; created when the pod has none of that name' },
    hypervisor: { type: 'string', required: true, description: 'The hypervisor of the host: KVM (running nimbus agent) or Simulator' },
    url: { type: 'string', required: true, length: 1024, description: 'The host URL: http://<address> for a KVM host, http://sim/c0/h0 for a simulator host' },
    username: { type: 'string', description: 'KVM: the username its agent was configured with' },
    password: { type: 'string', description: 'KVM: the password its agent was configured with (not kept)' },
    hosttags: { type: 'list', description: 'Host tags, comma-separated' },
    allocationstate: { type: 'string', description: 'Allocation state: Enabled or Disabled' },
  },
  // CloudStack answers addHost with a one-item list: { count: 1, host: [...] }.
  response: { type: 'raw' },
  async handler(ctx, p) {
    const c = 'addHost';
    const hypervisor = oneOf(c, 'hypervisor', p.hypervisor, hypervisorTypes) as string;
    if (hypervisor !== 'Simulator' && hypervisor !== 'KVM') throw errors.paramError(`Hosts of hypervisor ${hypervisor} are not supported: add KVM hosts (running 'nimbus agent') or Simulator hosts`);
    const kvm = hypervisor === 'KVM';
    const { url, figures } = kvm ? { url: `http://${kvmAddress(p.url as string)}`, figures: {} } : parseSimulatorUrl(c, p.url as string);
    const zone = await findZone(ctx.db, p.zoneid as string);
    const pod = await findPod(ctx.db, p.podid as string);
    if (pod.zone_id !== zone.id) throw errors.paramError(`Pod ${pod.name} does not belong to zone ${zone.name}`);
    if (!p.clusterid && !p.clustername) throw errors.missingParam(c, 'clusterid');
    const state = allocationState(c, p.allocationstate) ?? 'Enabled';
    const now = new Date().toISOString();
    const id = crypto.randomUUID();
    if (await ctx.db.selectFrom('host').select('id').where('url', '=', url).executeTakeFirst()) throw errors.paramError(`A host with url ${url} already exists`);
    if (p.clusterid) {
      const cluster = await findCluster(ctx.db, p.clusterid as string);
      if (cluster.hypervisor !== hypervisor) throw errors.paramError(`Cluster ${cluster.name} is a ${cluster.hypervisor} cluster, not ${hypervisor}`);
    }
    // A KVM agent is admitted before the transaction: waiting for it must not hold the database.
    const admitted = kvm ? await connectHost(ctx.db, { id, name: '', hypervisor, url, username: p.username as string | undefined, password: p.password as string | undefined }) : undefined;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('host').select('id').where('url', '=', url).executeTakeFirst()) {
          throw errors.paramError(`A host with url ${url} already exists`);
        }
        let cluster: ClusterRow | undefined;
        if (p.clusterid) {
          cluster = await findCluster(trx, p.clusterid as string);
        } else {
          cluster = await trx.selectFrom('cluster').selectAll().where('pod_id', '=', pod.id).where('name', '=', p.clustername as string).executeTakeFirst();
          if (!cluster) {
            cluster = { id: crypto.randomUUID(), name: p.clustername as string, zone_id: zone.id, pod_id: pod.id, hypervisor, cluster_type: 'CloudManaged', allocation_state: 'Enabled', managed_state: 'Managed', created: now };
            await trx.insertInto('cluster').values(cluster).execute();
          }
        }
        if (cluster.pod_id !== pod.id) throw errors.paramError(`Cluster ${cluster.name} does not belong to pod ${pod.name}`);
        if (cluster.hypervisor !== hypervisor) throw errors.paramError(`Cluster ${cluster.name} is a ${cluster.hypervisor} cluster, not ${hypervisor}`);
        const name = admitted?.name ?? `SimulatedAgent.${id}`;
        const info = admitted ?? (await connectHost(trx, { id, name, hypervisor, url, ...figures }));
        const row: HostRow = {
          id,
          name,
          zone_id: zone.id,
          pod_id: pod.id,
          cluster_id: cluster.id,
          hypervisor,
          url,
          ip_address: kvm ? kvmAddress(url) : simulatedAddress(id),
          username: (p.username as string | undefined) ?? null,
          state: 'Up',
          resource_state: state,
          cpu_number: info.cpuNumber,
          cpu_speed: info.cpuSpeed,
          memory_total: info.memoryBytes,
          cpu_used_mhz: 0,
          memory_used: 0,
          local_storage_bytes: info.localStorageBytes,
          tags: ((p.hosttags as string[] | undefined) ?? []).join(','),
          version: info.hypervisorVersion,
          last_pinged: now,
          created: now,
        };
        await trx.insertInto('host').values(row).execute();
        if (zone.local_storage_enabled === 1 && info.localStorageBytes > 0) {
          await trx
            .insertInto('storage_pool')
            .values({
              id: crypto.randomUUID(),
              name: `${name} Local Storage`,
              zone_id: zone.id,
              pod_id: pod.id,
              cluster_id: cluster.id,
              host_id: id,
              scope: 'HOST',
              type: 'Filesystem',
              url: `file://${row.ip_address}${info.localStoragePath ?? '/var/lib/libvirt/images'}`,
              ip_address: row.ip_address,
              path: info.localStoragePath ?? '/var/lib/libvirt/images',
              provider: 'DefaultPrimary',
              hypervisor,
              capacity_bytes: info.localStorageBytes,
              used_bytes: 0,
              allocated_bytes: 0,
              tags: '',
              state: 'Up',
              created: now,
            })
            .execute();
        }
      });
    } catch (e) {
      if (kvm) await disconnectHost(ctx.db, id);
      throw e;
    }
    ctx.event = { ...ctx.event, resourceType: 'Host', resourceId: id, description: `added host ${url}` };
    return { kind: 'raw', body: { count: 1, host: await hostResponses(ctx.db, [id]) } };
  },
});
