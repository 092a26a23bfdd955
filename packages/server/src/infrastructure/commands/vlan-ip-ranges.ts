import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { cidrOf, ipToNumber, numberToIp, rangesOverlap } from '../ip.ts';
import { findPhysicalNetwork, findPod, findVlanIpRange, findZone, namesOf } from '../lookup.ts';
import { domainFields } from '../responses.ts';
import type { VlanIpRangeRow } from '../tables.ts';
import { checkRange, ipParam, netmaskParam } from '../validate.ts';
import { vlanUri } from '../vlans.ts';

/** Each address of a range is a row; this bounds how many one call creates. */
const MAX_RANGE_SIZE = 65536;

async function rangeResponses(db: Kysely<Database>, rows: VlanIpRangeRow[]) {
  const [pods, accounts] = await Promise.all([
    namesOf(db, 'pod', rows.map((r) => r.pod_id)),
    db.selectFrom('account').select(['id', 'name']).where('id', 'in', ['', ...rows.map((r) => r.account_id).filter((a): a is string => !!a)]).execute(),
  ]);
  const accountNames = new Map(accounts.map((a) => [a.id, a.name]));
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      zoneid: r.zone_id,
      podid: r.pod_id ?? undefined,
      podname: r.pod_id ? pods.get(r.pod_id) : undefined,
      physicalnetworkid: r.physical_network_id ?? undefined,
      networkid: r.network_id ?? undefined,
      vlan: r.vlan,
      gateway: r.gateway,
      netmask: r.netmask,
      cidr: cidrOf(r.gateway, r.netmask),
      startip: r.start_ip,
      endip: r.end_ip,
      forvirtualnetwork: r.for_virtual_network === 1,
      forsystemvms: r.for_system_vms === 1,
      account: r.account_id ? accountNames.get(r.account_id) : undefined,
      ...(await domainFields(db, r.domain_id)),
    })),
  );
}

export const createVlanIpRange = defineCommand({
  name: 'createVlanIpRange',
  description: 'Adds a range of public IP addresses to a zone, optionally dedicated to an account',
  access: access.rootAdmin,
  event: 'VLAN.IP.RANGE.CREATE',
  params: {
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone of the range' },
    podid: { type: 'uuid', entity: 'Pod', description: 'The pod of a range in a Basic zone' },
    physicalnetworkid: { type: 'uuid', entity: 'PhysicalNetwork', description: 'The physical network (the zone\'s one with Public traffic by default)' },
    networkid: { type: 'uuid', entity: 'Network', description: 'The network of a shared-network range' },
    vlan: { type: 'string', description: 'The VLAN id of the range, or untagged (the default)' },
    gateway: { type: 'string', description: 'The gateway of the range' },
    netmask: { type: 'string', description: 'The netmask of the range' },
    startip: { type: 'string', description: 'The first address of the range' },
    endip: { type: 'string', description: 'The last address of the range (startip when omitted)' },
    forvirtualnetwork: { type: 'boolean', description: 'true (default): public addresses for guest networks' },
    forsystemvms: { type: 'boolean', description: 'Reserve the range for system VMs' },
    account: { type: 'string', description: 'Dedicate the range to this account (with domainid)' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Dedicate the range to this domain, or name the account\'s domain' },
  },
  response: { type: 'object', name: 'vlan' },
  async handler(ctx, p) {
    const c = 'createVlanIpRange';
    const net = p.physicalnetworkid ? await findPhysicalNetwork(ctx.db, p.physicalnetworkid as string) : undefined;
    const zoneId = (p.zoneid as string | undefined) ?? net?.zone_id;
    if (!zoneId) throw errors.missingParam(c, 'zoneid');
    const zone = await findZone(ctx.db, zoneId);
    if (net && net.zone_id !== zone.id) throw errors.paramError(`Physical network ${net.name} is not in zone ${zone.name}`);
    const pod = p.podid ? await findPod(ctx.db, p.podid as string) : undefined;
    if (pod && pod.zone_id !== zone.id) throw errors.paramError(`Pod ${pod.name} is not in zone ${zone.name}`);
    const publicNet =
      net?.id ??
      (await ctx.db
        .selectFrom('physical_network_traffic_type as t')
        .innerJoin('physical_network as n', 'n.id', 't.physical_network_id')
        .select('n.id')
        .where('n.zone_id', '=', zone.id)
        .where('t.traffic_type', '=', 'Public')
        .executeTakeFirst())?.id;
    const gateway = ipParam(c, 'gateway', p.gateway);
    const netmask = netmaskParam(c, p.netmask);
    const startip = ipParam(c, 'startip', p.startip);
    if (!gateway) throw errors.missingParam(c, 'gateway');
    if (!netmask) throw errors.missingParam(c, 'netmask');
    if (!startip) throw errors.missingParam(c, 'startip');
    const endip = ipParam(c, 'endip', p.endip) ?? startip;
    checkRange({ gateway, netmask, startip, endip });
    const size = ipToNumber(endip) - ipToNumber(startip) + 1;
    if (size > MAX_RANGE_SIZE) throw errors.paramError(`A public IP range holds at most ${MAX_RANGE_SIZE} addresses; split ${startip}-${endip}`);
    let accountId: string | null = null;
    let domainId = (p.domainid as string | undefined) ?? null;
    if (domainId && !(await ctx.db.selectFrom('domain').select('id').where('id', '=', domainId).executeTakeFirst())) throw errors.notFound('domain', domainId);
    if (p.account) {
      domainId ??= ctx.caller.domainId;
      const account = await ctx.db.selectFrom('account').select('id').where('name', '=', p.account as string).where('domain_id', '=', domainId).executeTakeFirst();
      if (!account) throw errors.paramError(`Unable to find account ${String(p.account)} in domain ${domainId}`);
      accountId = account.id;
    }
    const row: VlanIpRangeRow = {
      id: crypto.randomUUID(),
      zone_id: zone.id,
      pod_id: pod?.id ?? null,
      physical_network_id: publicNet ?? null,
      network_id: (p.networkid as string | undefined) ?? null,
      vlan: vlanUri(p.vlan as string | undefined),
      gateway,
      netmask,
      start_ip: startip,
      end_ip: endip,
      for_virtual_network: p.forvirtualnetwork === false ? 0 : 1,
      for_system_vms: p.forsystemvms ? 1 : 0,
      account_id: accountId,
      domain_id: domainId,
      created: new Date().toISOString(),
    };
    await ctx.db.transaction().execute(async (trx) => {
      for (const o of await trx.selectFrom('vlan_ip_range').select(['start_ip', 'end_ip']).where('zone_id', '=', zone.id).execute()) {
        if (rangesOverlap(startip, endip, o.start_ip, o.end_ip)) throw errors.paramError(`The range ${startip}-${endip} overlaps the zone's range ${o.start_ip}-${o.end_ip}`);
      }
      await trx.insertInto('vlan_ip_range').values(row).execute();
      const first = ipToNumber(startip);
      for (let from = 0; from < size; from += 500) {
        const batch = Array.from({ length: Math.min(500, size - from) }, (_, i) => ({
          id: crypto.randomUUID(),
          vlan_id: row.id,
          zone_id: zone.id,
          address: numberToIp(first + from + i),
          address_num: first + from + i,
          state: 'Free',
          account_id: null,
          domain_id: null,
          network_id: null,
          allocated: null,
        }));
        await trx.insertInto('public_ip').values(batch).execute();
      }
    });
    ctx.event = { ...ctx.event, resourceType: 'Vlan', resourceId: row.id, description: `created public IP range ${startip}-${endip} in zone ${zone.name}` };
    const [response] = await rangeResponses(ctx.db, [row]);
    return object(response);
  },
});

export const deleteVlanIpRange = defineCommand({
  name: 'deleteVlanIpRange',
  description: 'Deletes a public IP range none of whose addresses is in use',
  access: access.rootAdmin,
  event: 'VLAN.IP.RANGE.DELETE',
  params: { id: { type: 'uuid', entity: 'Vlan', required: true, description: 'The ID of the range' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const range = await findVlanIpRange(ctx.db, p.id as string);
    await ctx.db.transaction().execute(async (trx) => {
      const used = await trx.selectFrom('public_ip').select('address').where('vlan_id', '=', range.id).where('state', '!=', 'Free').executeTakeFirst();
      if (used) throw errors.inUse(`The range ${range.start_ip}-${range.end_ip} has addresses in use (${used.address}); release them first`, [range.id]);
      await trx.deleteFrom('public_ip').where('vlan_id', '=', range.id).execute();
      await trx.deleteFrom('vlan_ip_range').where('id', '=', range.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'Vlan', resourceId: range.id, description: `deleted public IP range ${range.start_ip}-${range.end_ip}` };
    return success();
  },
});

export const listVlanIpRanges = defineCommand({
  name: 'listVlanIpRanges',
  description: 'Lists public IP ranges',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the range' },
    zoneid: { type: 'uuid', description: 'The zone of the ranges' },
    podid: { type: 'uuid', description: 'The pod of the ranges' },
    physicalnetworkid: { type: 'uuid', description: 'The physical network of the ranges' },
    networkid: { type: 'uuid', description: 'The network of the ranges' },
    vlan: { type: 'string', description: 'The VLAN of the ranges' },
    forvirtualnetwork: { type: 'boolean', description: 'Only ranges for (or not for) guest networks' },
    domainid: { type: 'uuid', description: 'Ranges dedicated to this domain' },
    account: { type: 'string', description: 'Ranges dedicated to this account (with domainid)' },
  },
  response: { type: 'list', listKey: 'vlaniprange' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('vlan_ip_range');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    if (p.podid) q = q.where('pod_id', '=', p.podid as string);
    if (p.physicalnetworkid) q = q.where('physical_network_id', '=', p.physicalnetworkid as string);
    if (p.networkid) q = q.where('network_id', '=', p.networkid as string);
    if (p.vlan) q = q.where('vlan', '=', vlanUri(p.vlan as string));
    if (p.forvirtualnetwork !== undefined) q = q.where('for_virtual_network', '=', p.forvirtualnetwork ? 1 : 0);
    if (p.domainid) q = q.where('domain_id', '=', p.domainid as string);
    if (p.account) {
      const sub = ctx.db.selectFrom('account').select('id').where('name', '=', p.account as string).where('domain_id', '=', (p.domainid as string | undefined) ?? ctx.caller.domainId);
      q = q.where('account_id', 'in', sub);
    }
    if (p.keyword) {
      const k = p.keyword as string;
      q = q.where((eb) => eb.or([containsText('start_ip', k), containsText('end_ip', k), containsText('vlan', k)]));
    }
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('created').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await rangeResponses(ctx.db, rows));
  },
});
