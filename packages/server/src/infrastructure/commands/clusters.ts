import { sql, type SqlBool } from 'kysely';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { capacities } from '../capacities.ts';
import { allocationState, findCluster, findPod, findZone } from '../lookup.ts';
import { clusterResponses } from '../responses.ts';
import type { ClusterRow } from '../tables.ts';
import { assertNameFree, oneOf } from '../validate.ts';

/** Hypervisor types CloudStack knows; hosts can be added to Simulator clusters now, KVM with the agent. */
export const hypervisorTypes = ['Simulator', 'KVM', 'XenServer', 'VMware', 'Hyperv', 'LXC', 'Ovm3', 'BareMetal', 'External'] as const;

export const addCluster = defineCommand({
  name: 'addCluster',
  description: 'Adds a cluster of hosts of one hypervisor type to a pod',
  access: access.rootAdmin,
  event: 'CLUSTER.CREATE',
  params: {
    zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone of the cluster' },
    podid: { type: 'uuid', entity: 'Pod', required: true, description: 'The pod of the cluster' },
    clustername: { type: 'string', required: true, description: 'The name of the cluster' },
    clustertype: { type: 'string', required: true, description: 'CloudManaged or ExternalManaged' },
    hypervisor: { type: 'string', required: true, description: 'The hypervisor type of the cluster: Simulator, KVM...' },
    allocationstate: { type: 'string', description: 'Allocation state: Enabled or Disabled' },
  },
  // CloudStack answers addCluster with a one-item list: { count: 1, cluster: [...] }.
  response: { type: 'raw' },
  async handler(ctx, p) {
    const c = 'addCluster';
    const zone = await findZone(ctx.db, p.zoneid as string);
    const pod = await findPod(ctx.db, p.podid as string);
    if (pod.zone_id !== zone.id) throw errors.paramError(`Pod ${pod.name} does not belong to zone ${zone.name}`);
    const name = String(p.clustername).trim();
    const row: ClusterRow = {
      id: crypto.randomUUID(),
      name,
      zone_id: zone.id,
      pod_id: pod.id,
      hypervisor: oneOf(c, 'hypervisor', p.hypervisor, hypervisorTypes) as string,
      cluster_type: oneOf(c, 'clustertype', p.clustertype, ['CloudManaged', 'ExternalManaged']) as string,
      allocation_state: allocationState(c, p.allocationstate) ?? 'Enabled',
      managed_state: 'Managed',
      created: new Date().toISOString(),
    };
    await assertNameFree(ctx.db, 'cluster', 'cluster', name, { column: 'pod_id', id: pod.id });
    await ctx.db.insertInto('cluster').values(row).execute();
    ctx.event = { ...ctx.event, resourceType: 'Cluster', resourceId: row.id, description: `added cluster ${name} to pod ${pod.name}` };
    return { kind: 'raw', body: { count: 1, cluster: await clusterResponses(ctx.db, [row.id]) } };
  },
});

export const updateCluster = defineCommand({
  name: 'updateCluster',
  description: 'Updates a cluster: its name, allocation state or managed state',
  access: access.rootAdmin,
  event: 'CLUSTER.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'Cluster', required: true, description: 'The ID of the cluster' },
    clustername: { type: 'string', description: 'The new name of the cluster' },
    allocationstate: { type: 'string', description: 'Enabled or Disabled' },
    managedstate: { type: 'string', description: 'Managed or Unmanaged' },
  },
  response: { type: 'object', name: 'cluster' },
  async handler(ctx, p) {
    const cluster = await findCluster(ctx.db, p.id as string);
    const set: Partial<ClusterRow> = {};
    if (p.clustername !== undefined) {
      set.name = String(p.clustername).trim();
      await assertNameFree(ctx.db, 'cluster', 'cluster', set.name, { column: 'pod_id', id: cluster.pod_id }, cluster.id);
    }
    if (p.allocationstate !== undefined) set.allocation_state = allocationState('updateCluster', p.allocationstate);
    if (p.managedstate !== undefined) set.managed_state = oneOf('updateCluster', 'managedstate', p.managedstate, ['Managed', 'Unmanaged']);
    if (Object.keys(set).length > 0) await ctx.db.updateTable('cluster').set(set).where('id', '=', cluster.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'Cluster', resourceId: cluster.id, description: `updated cluster ${set.name ?? cluster.name}` };
    const [response] = await clusterResponses(ctx.db, [cluster.id]);
    return object(response);
  },
});

export const deleteCluster = defineCommand({
  name: 'deleteCluster',
  description: 'Deletes a cluster that holds no hosts and no cluster-wide storage pools',
  access: access.rootAdmin,
  event: 'CLUSTER.DELETE',
  params: { id: { type: 'uuid', entity: 'Cluster', required: true, description: 'The ID of the cluster' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const cluster = await findCluster(ctx.db, p.id as string);
    await ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('host').select('id').where('cluster_id', '=', cluster.id).executeTakeFirst()) {
        throw errors.inUse(`The cluster ${cluster.name} is not deletable because it still has hosts; delete them first`, [cluster.id]);
      }
      if (await trx.selectFrom('storage_pool').select('id').where('cluster_id', '=', cluster.id).executeTakeFirst()) {
        throw errors.inUse(`The cluster ${cluster.name} is not deletable because it still has primary storage pools; delete them first`, [cluster.id]);
      }
      await trx.deleteFrom('cluster').where('id', '=', cluster.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'Cluster', resourceId: cluster.id, description: `deleted cluster ${cluster.name}` };
    return success();
  },
});

export const listClusters = defineCommand({
  name: 'listClusters',
  description: 'Lists clusters',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the cluster' },
    name: { type: 'string', description: 'The name of the cluster' },
    zoneid: { type: 'uuid', description: 'The zone of the clusters' },
    podid: { type: 'uuid', description: 'The pod of the clusters' },
    hypervisor: { type: 'string', description: 'The hypervisor type of the clusters' },
    clustertype: { type: 'string', description: 'CloudManaged or ExternalManaged' },
    allocationstate: { type: 'string', description: 'Enabled or Disabled' },
    managedstate: { type: 'string', description: 'Managed or Unmanaged' },
    showcapacities: { type: 'boolean', description: 'Include the cluster\'s capacities' },
  },
  response: { type: 'list', listKey: 'cluster' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('cluster');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.podid) q = q.where('pod_id', '=', p.podid as string);
    if (p.hypervisor) q = q.where(sql<SqlBool>`lower(hypervisor) = ${String(p.hypervisor).toLowerCase()}`);
    if (p.clustertype) q = q.where(sql<SqlBool>`lower(cluster_type) = ${String(p.clustertype).toLowerCase()}`);
    if (p.allocationstate) q = q.where('allocation_state', '=', allocationState('listClusters', p.allocationstate) as string);
    if (p.managedstate) q = q.where(sql<SqlBool>`lower(managed_state) = ${String(p.managedstate).toLowerCase()}`);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.select(['id', 'zone_id']).orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    const items = await clusterResponses(ctx.db, rows.map((r) => r.id));
    if (p.showcapacities) {
      for (const [i, item] of items.entries()) item.capacity = await capacities(ctx.db, { zoneId: rows[i].zone_id, clusterId: rows[i].id });
    }
    return list(Number(count), items);
  },
});
