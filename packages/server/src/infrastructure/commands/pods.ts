import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { capacities } from '../capacities.ts';
import { rangesOverlap } from '../ip.ts';
import { allocationState, findPod, findZone } from '../lookup.ts';
import { podResponses } from '../responses.ts';
import type { PodRow } from '../tables.ts';
import { assertNameFree, checkRange, ipParam, netmaskParam } from '../validate.ts';

const rangeParams = {
  gateway: { type: 'string', description: 'The gateway of the pod\'s management network' },
  netmask: { type: 'string', description: 'The netmask of the pod\'s management network' },
  startip: { type: 'string', description: 'The first IP of the pod\'s range for system VMs' },
  endip: { type: 'string', description: 'The last IP of the pod\'s range (startip alone when omitted)' },
  allocationstate: { type: 'string', description: 'Allocation state: Enabled or Disabled' },
} as const;

/** The management IP range of a pod: all or nothing, in one subnet, and clear of the zone's other pods' ranges. */
async function podRange(db: Kysely<Database>, command: string, zoneId: string, p: Params, current?: PodRow): Promise<Partial<PodRow>> {
  const gateway = ipParam(command, 'gateway', p.gateway) ?? current?.gateway ?? undefined;
  const netmask = netmaskParam(command, p.netmask) ?? current?.netmask ?? undefined;
  const startip = ipParam(command, 'startip', p.startip) ?? current?.start_ip ?? undefined;
  const endip = ipParam(command, 'endip', p.endip) ?? current?.end_ip ?? startip;
  if (!gateway && !netmask && !startip) return {};
  if (!gateway || !netmask || !startip || !endip) throw errors.paramError('A pod\'s IP range needs gateway, netmask and startip');
  checkRange({ gateway, netmask, startip, endip });
  let others = db.selectFrom('pod').select(['name', 'start_ip', 'end_ip']).where('zone_id', '=', zoneId).where('start_ip', 'is not', null);
  if (current) others = others.where('id', '!=', current.id);
  for (const o of await others.execute()) {
    if (rangesOverlap(startip, endip, o.start_ip as string, (o.end_ip ?? o.start_ip) as string)) {
      throw errors.paramError(`The IP range ${startip}-${endip} overlaps the range of pod ${o.name}`);
    }
  }
  return { gateway, netmask, start_ip: startip, end_ip: endip };
}

export const createPod = defineCommand({
  name: 'createPod',
  description: 'Creates a pod in a zone, with the IP range its system VMs take',
  access: access.rootAdmin,
  event: 'POD.CREATE',
  params: {
    ...rangeParams,
    zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone of the pod' },
    name: { type: 'string', required: true, description: 'The name of the pod' },
  },
  response: { type: 'object', name: 'pod' },
  async handler(ctx, p) {
    const zone = await findZone(ctx.db, p.zoneid as string);
    const name = String(p.name).trim();
    const row: PodRow = {
      id: crypto.randomUUID(),
      name,
      zone_id: zone.id,
      gateway: null,
      netmask: null,
      start_ip: null,
      end_ip: null,
      allocation_state: allocationState('createPod', p.allocationstate) ?? 'Enabled',
      created: new Date().toISOString(),
      ...(await podRange(ctx.db, 'createPod', zone.id, p)),
    };
    await assertNameFree(ctx.db, 'pod', 'pod', name, { column: 'zone_id', id: zone.id });
    await ctx.db.insertInto('pod').values(row).execute();
    ctx.event = { ...ctx.event, resourceType: 'Pod', resourceId: row.id, description: `created pod ${name} in zone ${zone.name}` };
    const [response] = await podResponses(ctx.db, [row.id]);
    return object(response);
  },
});

export const updatePod = defineCommand({
  name: 'updatePod',
  description: 'Updates a pod: its name, IP range and allocation state',
  access: access.rootAdmin,
  event: 'POD.EDIT',
  params: {
    ...rangeParams,
    id: { type: 'uuid', entity: 'Pod', required: true, description: 'The ID of the pod' },
    name: { type: 'string', description: 'The new name of the pod' },
  },
  response: { type: 'object', name: 'pod' },
  async handler(ctx, p) {
    const pod = await findPod(ctx.db, p.id as string);
    const set: Partial<PodRow> = await podRange(ctx.db, 'updatePod', pod.zone_id, p, pod);
    if (p.name !== undefined) {
      set.name = String(p.name).trim();
      await assertNameFree(ctx.db, 'pod', 'pod', set.name, { column: 'zone_id', id: pod.zone_id }, pod.id);
    }
    if (p.allocationstate !== undefined) set.allocation_state = allocationState('updatePod', p.allocationstate);
    if (Object.keys(set).length > 0) await ctx.db.updateTable('pod').set(set).where('id', '=', pod.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'Pod', resourceId: pod.id, description: `updated pod ${set.name ?? pod.name}` };
    const [response] = await podResponses(ctx.db, [pod.id]);
    return object(response);
  },
});

export const deletePod = defineCommand({
  name: 'deletePod',
  description: 'Deletes a pod that holds no clusters',
  access: access.rootAdmin,
  event: 'POD.DELETE',
  params: { id: { type: 'uuid', entity: 'Pod', required: true, description: 'The ID of the pod' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const pod = await findPod(ctx.db, p.id as string);
    await ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('cluster').select('id').where('pod_id', '=', pod.id).executeTakeFirst()) {
        throw errors.inUse(`The pod ${pod.name} is not deletable because it still has clusters; delete them first`, [pod.id]);
      }
      await trx.deleteFrom('pod').where('id', '=', pod.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'Pod', resourceId: pod.id, description: `deleted pod ${pod.name}` };
    return success();
  },
});

export const listPods = defineCommand({
  name: 'listPods',
  description: 'Lists pods',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the pod' },
    name: { type: 'string', description: 'The name of the pod' },
    zoneid: { type: 'uuid', description: 'The zone of the pods' },
    allocationstate: { type: 'string', description: 'Enabled or Disabled' },
    showcapacities: { type: 'boolean', description: 'Include the pod\'s capacities' },
  },
  response: { type: 'list', listKey: 'pod' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('pod');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.allocationstate) q = q.where('allocation_state', '=', allocationState('listPods', p.allocationstate) as string);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.select(['id', 'zone_id']).orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    const items = await podResponses(ctx.db, rows.map((r) => r.id));
    if (p.showcapacities) {
      for (const [i, item] of items.entries()) item.capacity = await capacities(ctx.db, { zoneId: rows[i].zone_id, podId: rows[i].id });
    }
    return list(Number(count), items);
  },
});
