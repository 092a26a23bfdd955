import { sql, type SqlBool } from 'kysely';
import { connectHost, disconnectHost } from '../../agents/index.ts';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { findHost } from '../lookup.ts';
import { hostResponses } from '../responses.ts';
import type { HostRow } from '../tables.ts';
import { oneOf } from '../validate.ts';

export const listHosts = defineCommand({
  name: 'listHosts',
  description: 'Lists hosts',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the host' },
    name: { type: 'string', description: 'The name of the host' },
    zoneid: { type: 'uuid', description: 'The zone of the hosts' },
    podid: { type: 'uuid', description: 'The pod of the hosts' },
    clusterid: { type: 'uuid', description: 'The cluster of the hosts' },
    state: { type: 'string', description: 'Up, Down, Disconnected or Alert' },
    resourcestate: { type: 'string', description: 'Enabled, Disabled or Maintenance' },
    hypervisor: { type: 'string', description: 'The hypervisor of the hosts' },
    type: { type: 'string', description: 'The host type: Routing (hypervisor hosts, the only kind here)' },
  },
  response: { type: 'list', listKey: 'host' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('host');
    if (p.type && String(p.type).toLowerCase() !== 'routing') q = q.where(sql<SqlBool>`1 = 0`);
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.podid) q = q.where('pod_id', '=', p.podid as string);
    if (p.clusterid) q = q.where('cluster_id', '=', p.clusterid as string);
    if (p.state) q = q.where(sql<SqlBool>`lower(state) = ${String(p.state).toLowerCase()}`);
    if (p.resourcestate) q = q.where(sql<SqlBool>`lower(resource_state) = ${String(p.resourcestate).toLowerCase()}`);
    if (p.hypervisor) q = q.where(sql<SqlBool>`lower(hypervisor) = ${String(p.hypervisor).toLowerCase()}`);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.select('id').orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await hostResponses(ctx.db, rows.map((r) => r.id)));
  },
});

export const updateHost = defineCommand({
  name: 'updateHost',
  description: 'Updates a host: its name, host tags, or allocation state (Enable, Disable)',
  access: access.rootAdmin,
  event: 'HOST.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'Host', required: true, description: 'The ID of the host' },
    name: { type: 'string', description: 'The new name of the host' },
    hosttags: { type: 'list', description: 'The host tags, replacing the old ones (empty to remove them all)' },
    allocationstate: { type: 'string', description: 'Enable or Disable the host for new VMs' },
  },
  response: { type: 'object', name: 'host' },
  async handler(ctx, p) {
    const host = await findHost(ctx.db, p.id as string);
    const set: Partial<HostRow> = {};
    if (p.name !== undefined) set.name = String(p.name).trim();
    if (p.hosttags !== undefined) set.tags = (p.hosttags as string[]).join(',');
    if (p.allocationstate !== undefined) {
      const to = oneOf('updateHost', 'allocationstate', p.allocationstate, ['Enable', 'Disable', 'Enabled', 'Disabled']) as string;
      if (host.resource_state === 'Maintenance') throw errors.paramError(`Host ${host.name} is in maintenance; cancel the maintenance first`);
      set.resource_state = to.startsWith('Enable') ? 'Enabled' : 'Disabled';
    }
    if (Object.keys(set).length > 0) await ctx.db.updateTable('host').set(set).where('id', '=', host.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'Host', resourceId: host.id, description: `updated host ${set.name ?? host.name}` };
    const [response] = await hostResponses(ctx.db, [host.id]);
    return object(response);
  },
});

export const reconnectHost = defineCommand({
  name: 'reconnectHost',
  description: 'Reconnects a host\'s agent; the host is Up again when it answers',
  access: access.rootAdmin,
  async: true,
  event: 'HOST.RECONNECT',
  jobInstance: { type: 'Host', idParam: 'id' },
  params: { id: { type: 'uuid', entity: 'Host', required: true, description: 'The ID of the host' } },
  response: { type: 'object', name: 'host' },
  async handler(ctx, p) {
    const host = await findHost(ctx.db, p.id as string);
    ctx.event = { ...ctx.event, resourceType: 'Host', resourceId: host.id, description: `reconnecting host ${host.name}` };
    try {
      await connectHost(ctx.db, { id: host.id, name: host.name, hypervisor: host.hypervisor, url: host.url, cpuNumber: host.cpu_number, cpuSpeed: host.cpu_speed, memoryBytes: host.memory_total, localStorageBytes: host.local_storage_bytes });
    } catch (e) {
      await ctx.db.updateTable('host').set({ state: 'Disconnected' }).where('id', '=', host.id).execute();
      throw e;
    }
    await ctx.db.updateTable('host').set({ state: 'Up', last_pinged: new Date().toISOString() }).where('id', '=', host.id).execute();
    const [response] = await hostResponses(ctx.db, [host.id]);
    return object(response);
  },
});

export const deleteHost = defineCommand({
  name: 'deleteHost',
  description: 'Deletes a host that runs no VMs; Enabled hosts need forced=true (CloudStack wants them in maintenance first)',
  access: access.rootAdmin,
  event: 'HOST.DELETE',
  params: {
    id: { type: 'uuid', entity: 'Host', required: true, description: 'The ID of the host' },
    forced: { type: 'boolean', description: 'Delete the host even though it is enabled for allocation' },
    forcedestroylocalstorage: { type: 'boolean', description: 'Delete the host\'s local storage pool even when volumes are allocated on it' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const host = await findHost(ctx.db, p.id as string);
    if (host.resource_state === 'Enabled' && !p.forced) {
      throw errors.paramError(`Host ${host.name} is enabled: disable it (or put it in maintenance) first, or use forced=true`);
    }
    await ctx.db.transaction().execute(async (trx) => {
      const held = await trx.selectFrom('host').select(['cpu_used_mhz', 'memory_used']).where('id', '=', host.id).executeTakeFirstOrThrow();
      if (Number(held.cpu_used_mhz) > 0 || Number(held.memory_used) > 0) {
        throw errors.inUse(`Host ${host.name} still runs VMs; stop or migrate them first`, [host.id]);
      }
      const local = await trx.selectFrom('storage_pool').select(['id', 'allocated_bytes']).where('host_id', '=', host.id).execute();
      if (local.some((l) => Number(l.allocated_bytes) > 0) && !p.forcedestroylocalstorage) {
        throw errors.inUse(`Host ${host.name} has volumes on its local storage; use forcedestroylocalstorage=true`, [host.id]);
      }
      await trx.deleteFrom('storage_pool').where('host_id', '=', host.id).execute();
      await trx.deleteFrom('host').where('id', '=', host.id).execute();
      await disconnectHost(trx, host.id);
    });
    ctx.event = { ...ctx.event, resourceType: 'Host', resourceId: host.id, description: `deleted host ${host.name}` };
    return success();
  },
});
