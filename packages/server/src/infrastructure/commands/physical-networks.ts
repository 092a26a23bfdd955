import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { findPhysicalNetwork, findZone, namesOf } from '../lookup.ts';
import type { PhysicalNetworkRow } from '../tables.ts';
import { oneOf } from '../validate.ts';
import { guestIsolation, MAX_VLAN_ID, MAX_VXLAN_ID, parseVlanRanges } from '../vlans.ts';
import { defaultProviders } from './network-services.ts';

const isolationMethods = ['VLAN', 'VXLAN', 'GRE', 'STT', 'L3', 'VCS', 'BCF_SEGMENT', 'SSP', 'ODL', 'L3VPN', 'VSP'] as const;

async function physicalNetworkResponses(db: Kysely<Database>, rows: PhysicalNetworkRow[]) {
  const zones = await namesOf(db, 'zone', rows.map((r) => r.zone_id));
  return rows.map((n) => ({
    id: n.id,
    name: n.name,
    zoneid: n.zone_id,
    zonename: zones.get(n.zone_id),
    state: n.state,
    vlan: n.vlan ?? undefined,
    isolationmethods: n.isolation_methods,
    tags: n.tags || undefined,
    broadcastdomainrange: n.broadcast_domain_range,
    networkspeed: n.network_speed ?? undefined,
    domainid: n.domain_id ?? undefined,
  }));
}

/**
 * Guest VLAN ranges (VXLAN ids up to 16777214 where VXLAN isolates), checked against the other physical networks of
 * the zone: a VLAN belongs to one of them.
 */
async function checkVlans(db: Kysely<Database>, command: string, zoneId: string, vlan: string, methods: string, exceptId?: string): Promise<string> {
  const mine = parseVlanRanges(command, vlan, guestIsolation(methods) === 'vxlan' ? MAX_VXLAN_ID : MAX_VLAN_ID);
  let others = db.selectFrom('physical_network').select(['name', 'vlan']).where('zone_id', '=', zoneId).where('vlan', 'is not', null);
  if (exceptId) others = others.where('id', '!=', exceptId);
  for (const o of await others.execute()) {
    for (const [a1, a2] of parseVlanRanges(command, o.vlan as string, MAX_VXLAN_ID)) {
      if (mine.some(([b1, b2]) => b1 <= a2 && a1 <= b2)) throw errors.paramError(`The VLAN range ${vlan} overlaps physical network ${o.name}'s range ${o.vlan}`);
    }
  }
  return mine.map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(',');
}

/** New ranges must keep every guest VLAN networks hold from the physical network (CloudStack refuses the update too). */
async function keepVlansInUse(db: Kysely<Database>, command: string, net: PhysicalNetworkRow, vlan: string): Promise<void> {
  const ranges = parseVlanRanges(command, vlan, MAX_VXLAN_ID);
  const used = await db.selectFrom('guest_vlan').select('vnet').where('physical_network_id', '=', net.id).orderBy('vnet').execute();
  const outside = used.map((u) => u.vnet).filter((v) => !ranges.some(([from, to]) => v >= from && v <= to));
  if (outside.length > 0) {
    throw errors.invalidParam(command, 'vlan', vlan, `guest VLANs ${outside.slice(0, 10).join(',')} of physical network ${net.name} are in use by implemented networks`);
  }
}

export const createPhysicalNetwork = defineCommand({
  name: 'createPhysicalNetwork',
  description: 'Creates a physical network in a zone, with its isolation methods and guest VLAN ranges',
  access: access.rootAdmin,
  async: true,
  event: 'PHYSICAL.NETWORK.CREATE',
  params: {
    zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone of the physical network' },
    name: { type: 'string', required: true, description: 'The name of the physical network' },
    vlan: { type: 'string', description: 'Guest VLAN ranges, e.g. 100-200 or 100-200,300-310' },
    isolationmethods: { type: 'list', description: 'Isolation methods: VLAN (default), VXLAN, GRE...' },
    broadcastdomainrange: { type: 'string', description: 'ZONE (default in Advanced zones) or POD (Basic zones)' },
    networkspeed: { type: 'string', description: 'The speed of the physical network' },
    tags: { type: 'list', description: 'A tag for the physical network' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Dedicate the physical network to this domain' },
  },
  response: { type: 'object', name: 'physicalnetwork' },
  async handler(ctx, p) {
    const c = 'createPhysicalNetwork';
    const zone = await findZone(ctx.db, p.zoneid as string);
    const methods = ((p.isolationmethods as string[] | undefined) ?? ['VLAN']).map((m) => oneOf(c, 'isolationmethods', m, isolationMethods) as string);
    const range = oneOf(c, 'broadcastdomainrange', p.broadcastdomainrange, ['ZONE', 'POD']) ?? (zone.network_type === 'Basic' ? 'POD' : 'ZONE');
    const tags = (p.tags as string[] | undefined) ?? [];
    if (tags.length > 1) throw errors.invalidParam(c, 'tags', tags.join(','), 'a physical network takes one tag');
    const row: PhysicalNetworkRow = {
      id: crypto.randomUUID(),
      name: String(p.name).trim(),
      zone_id: zone.id,
      vlan: p.vlan ? await checkVlans(ctx.db, c, zone.id, p.vlan as string, methods.join(',')) : null,
      isolation_methods: methods.join(','),
      tags: tags.join(','),
      broadcast_domain_range: range,
      network_speed: (p.networkspeed as string | undefined) ?? null,
      domain_id: (p.domainid as string | undefined) ?? null,
      state: 'Disabled',
      created: new Date().toISOString(),
    };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('physical_network').values(row).execute();
      await trx.insertInto('network_service_provider').values(defaultProviders(row.id, row.created)).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'PhysicalNetwork', resourceId: row.id, description: `created physical network ${row.name}` };
    const [response] = await physicalNetworkResponses(ctx.db, [row]);
    return object(response);
  },
});

export const updatePhysicalNetwork = defineCommand({
  name: 'updatePhysicalNetwork',
  description: 'Updates a physical network: its state (Enabled, Disabled), guest VLAN ranges, speed or tag',
  access: access.rootAdmin,
  async: true,
  event: 'PHYSICAL.NETWORK.UPDATE',
  jobInstance: { type: 'PhysicalNetwork', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'PhysicalNetwork', required: true, description: 'The ID of the physical network' },
    state: { type: 'string', description: 'Enabled or Disabled' },
    vlan: { type: 'string', description: 'The guest VLAN ranges, replacing the old ones' },
    networkspeed: { type: 'string', description: 'The speed of the physical network' },
    tags: { type: 'list', description: 'A tag for the physical network' },
  },
  response: { type: 'object', name: 'physicalnetwork' },
  async handler(ctx, p) {
    const c = 'updatePhysicalNetwork';
    const net = await findPhysicalNetwork(ctx.db, p.id as string);
    const set: Partial<PhysicalNetworkRow> = {};
    if (p.state !== undefined) set.state = oneOf(c, 'state', p.state, ['Enabled', 'Disabled']);
    if (p.vlan !== undefined) {
      set.vlan = await checkVlans(ctx.db, c, net.zone_id, p.vlan as string, net.isolation_methods, net.id);
      await keepVlansInUse(ctx.db, c, net, set.vlan);
    }
    if (p.networkspeed !== undefined) set.network_speed = p.networkspeed as string;
    if (p.tags !== undefined) {
      if ((p.tags as string[]).length > 1) throw errors.invalidParam(c, 'tags', (p.tags as string[]).join(','), 'a physical network takes one tag');
      set.tags = (p.tags as string[]).join(',');
    }
    if (Object.keys(set).length > 0) await ctx.db.updateTable('physical_network').set(set).where('id', '=', net.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'PhysicalNetwork', resourceId: net.id, description: `updated physical network ${net.name}` };
    const [response] = await physicalNetworkResponses(ctx.db, [await findPhysicalNetwork(ctx.db, net.id)]);
    return object(response);
  },
});

export const deletePhysicalNetwork = defineCommand({
  name: 'deletePhysicalNetwork',
  description: 'Deletes a physical network with its traffic types and providers, once no public IP range uses it',
  access: access.rootAdmin,
  async: true,
  event: 'PHYSICAL.NETWORK.DELETE',
  jobInstance: { type: 'PhysicalNetwork', idParam: 'id' },
  params: { id: { type: 'uuid', entity: 'PhysicalNetwork', required: true, description: 'The ID of the physical network' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const net = await findPhysicalNetwork(ctx.db, p.id as string);
    await ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('guest_vlan').select('network_id').where('physical_network_id', '=', net.id).executeTakeFirst()) {
        throw errors.inUse(`Physical network ${net.name} carries implemented guest networks; they must be shut down or deleted first`, [net.id]);
      }
      if (await trx.selectFrom('vlan_ip_range').select('id').where('physical_network_id', '=', net.id).executeTakeFirst()) {
        throw errors.inUse(`Physical network ${net.name} still has public IP ranges; delete them first`, [net.id]);
      }
      await trx.deleteFrom('physical_network_traffic_type').where('physical_network_id', '=', net.id).execute();
      await trx.deleteFrom('network_service_provider').where('physical_network_id', '=', net.id).execute();
      await trx.deleteFrom('physical_network').where('id', '=', net.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'PhysicalNetwork', resourceId: net.id, description: `deleted physical network ${net.name}` };
    return success();
  },
});

export const listPhysicalNetworks = defineCommand({
  name: 'listPhysicalNetworks',
  description: 'Lists physical networks',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the physical network' },
    name: { type: 'string', description: 'The name of the physical network' },
    zoneid: { type: 'uuid', description: 'The zone of the physical networks' },
  },
  response: { type: 'list', listKey: 'physicalnetwork' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('physical_network');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await physicalNetworkResponses(ctx.db, rows));
  },
});
