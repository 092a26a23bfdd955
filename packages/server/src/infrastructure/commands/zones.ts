import { defineCommand, object, success, type CommandContext } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { allocationState, findZone } from '../lookup.ts';
import { zoneResponses } from '../responses.ts';
import type { ZoneRow } from '../tables.ts';
import { assertNameFree, cidrParam, ipParam, oneOf } from '../validate.ts';

const zoneFields = {
  dns1: { type: 'string', description: 'The first DNS server of the zone' },
  dns2: { type: 'string', description: 'The second DNS server of the zone' },
  internaldns1: { type: 'string', description: 'The first internal DNS server of the zone' },
  internaldns2: { type: 'string', description: 'The second internal DNS server of the zone' },
  ip6dns1: { type: 'string', description: 'The first IPv6 DNS server of the zone' },
  ip6dns2: { type: 'string', description: 'The second IPv6 DNS server of the zone' },
  guestcidraddress: { type: 'string', description: 'The guest CIDR address of the zone (Advanced zones; 10.1.1.0/24 by default)' },
  domain: { type: 'string', description: 'Network domain name for the networks in the zone' },
  allocationstate: { type: 'string', description: 'Allocation state of the zone: Enabled or Disabled' },
  localstorageenabled: { type: 'boolean', description: 'Whether VMs may use the hosts\' local storage' },
} as const;

async function dedicatedDomain(ctx: CommandContext, id: unknown): Promise<string | null> {
  if (id === undefined) return null;
  const d = await ctx.db.selectFrom('domain').select('id').where('id', '=', String(id)).executeTakeFirst();
  if (!d) throw errors.notFound('domain', String(id));
  return d.id;
}

export const createZone = defineCommand({
  name: 'createZone',
  description: 'Creates a zone: Advanced (isolated guest networks) or Basic (one flat network)',
  access: access.rootAdmin,
  event: 'ZONE.CREATE',
  params: {
    ...zoneFields,
    name: { type: 'string', required: true, description: 'The name of the zone' },
    networktype: { type: 'string', required: true, description: 'Network type of the zone: Advanced or Basic' },
    dns1: { ...zoneFields.dns1, required: true },
    internaldns1: { ...zoneFields.internaldns1, required: true },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Dedicate the zone to this domain' },
    securitygroupenabled: { type: 'boolean', description: 'Whether the zone uses security groups (Basic zones do by default)' },
  },
  response: { type: 'object', name: 'zone' },
  async handler(ctx, p) {
    const c = 'createZone';
    const networkType = oneOf(c, 'networktype', p.networktype, ['Advanced', 'Basic']) as string;
    const name = String(p.name).trim();
    if (!name) throw errors.missingParam(c, 'name');
    const row: ZoneRow = {
      id: crypto.randomUUID(),
      name,
      description: null,
      network_type: networkType,
      dns1: ipParam(c, 'dns1', p.dns1) as string,
      dns2: ipParam(c, 'dns2', p.dns2) ?? null,
      internal_dns1: ipParam(c, 'internaldns1', p.internaldns1) as string,
      internal_dns2: ipParam(c, 'internaldns2', p.internaldns2) ?? null,
      ip6_dns1: (p.ip6dns1 as string | undefined) ?? null,
      ip6_dns2: (p.ip6dns2 as string | undefined) ?? null,
      guest_cidr: cidrParam(c, 'guestcidraddress', p.guestcidraddress) ?? (networkType === 'Advanced' ? '10.1.1.0/24' : null),
      network_domain: (p.domain as string | undefined) ?? null,
      domain_id: await dedicatedDomain(ctx, p.domainid),
      // New zones start Disabled, as in CloudStack, so that nothing lands in them half-built.
      allocation_state: allocationState(c, p.allocationstate) ?? 'Disabled',
      local_storage_enabled: p.localstorageenabled ? 1 : 0,
      security_group_enabled: (p.securitygroupenabled ?? networkType === 'Basic') ? 1 : 0,
      created: new Date().toISOString(),
    };
    await assertNameFree(ctx.db, 'zone', 'zone', name);
    await ctx.db.insertInto('zone').values(row).execute();
    ctx.event = { ...ctx.event, resourceType: 'Zone', resourceId: row.id, description: `created zone ${name}` };
    const [response] = await zoneResponses(ctx.db, [row], { admin: true });
    return object(response);
  },
});

export const updateZone = defineCommand({
  name: 'updateZone',
  description: 'Updates a zone: its name, DNS servers, guest CIDR, dedication and allocation state',
  access: access.rootAdmin,
  event: 'ZONE.EDIT',
  params: {
    ...zoneFields,
    id: { type: 'uuid', entity: 'Zone', required: true, description: 'The ID of the zone' },
    name: { type: 'string', description: 'The new name of the zone' },
    ispublic: { type: 'boolean', description: 'true: the zone is no longer dedicated to a domain' },
  },
  response: { type: 'object', name: 'zone' },
  async handler(ctx, p) {
    const c = 'updateZone';
    const zone = await findZone(ctx.db, p.id as string);
    const set: Partial<ZoneRow> = {};
    if (p.name !== undefined) {
      const name = String(p.name).trim();
      await assertNameFree(ctx.db, 'zone', 'zone', name, undefined, zone.id);
      set.name = name;
    }
    if (p.dns1 !== undefined) set.dns1 = ipParam(c, 'dns1', p.dns1);
    if (p.dns2 !== undefined) set.dns2 = ipParam(c, 'dns2', p.dns2);
    if (p.internaldns1 !== undefined) set.internal_dns1 = ipParam(c, 'internaldns1', p.internaldns1);
    if (p.internaldns2 !== undefined) set.internal_dns2 = ipParam(c, 'internaldns2', p.internaldns2);
    if (p.ip6dns1 !== undefined) set.ip6_dns1 = p.ip6dns1 as string;
    if (p.ip6dns2 !== undefined) set.ip6_dns2 = p.ip6dns2 as string;
    if (p.guestcidraddress !== undefined) set.guest_cidr = cidrParam(c, 'guestcidraddress', p.guestcidraddress);
    if (p.domain !== undefined) set.network_domain = p.domain as string;
    if (p.allocationstate !== undefined) set.allocation_state = allocationState(c, p.allocationstate);
    if (p.localstorageenabled !== undefined) set.local_storage_enabled = p.localstorageenabled ? 1 : 0;
    if (p.ispublic === true) set.domain_id = null;
    if (Object.keys(set).length > 0) await ctx.db.updateTable('zone').set(set).where('id', '=', zone.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'Zone', resourceId: zone.id, description: `updated zone ${set.name ?? zone.name}` };
    const [response] = await zoneResponses(ctx.db, [await findZone(ctx.db, zone.id)], { admin: true });
    return object(response);
  },
});

export const deleteZone = defineCommand({
  name: 'deleteZone',
  description: 'Deletes a zone that holds no pods, physical networks, storage or IP ranges any more',
  access: access.rootAdmin,
  event: 'ZONE.DELETE',
  params: { id: { type: 'uuid', entity: 'Zone', required: true, description: 'The ID of the zone' } },
  response: { type: 'success' },
  async handler(ctx, p) {
    const zone = await findZone(ctx.db, p.id as string);
    const holders = [
      ['pod', 'pods'],
      ['physical_network', 'physical networks'],
      ['storage_pool', 'primary storage pools'],
      ['image_store', 'image stores'],
      ['vlan_ip_range', 'public IP ranges'],
    ] as const;
    await ctx.db.transaction().execute(async (trx) => {
      for (const [table, what] of holders) {
        const held = await trx.selectFrom(table).select('id').where('zone_id', '=', zone.id).executeTakeFirst();
        if (held) throw errors.inUse(`The zone ${zone.name} is not deletable because it still has ${what}; delete them first`, [zone.id]);
      }
      await trx.deleteFrom('zone').where('id', '=', zone.id).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'Zone', resourceId: zone.id, description: `deleted zone ${zone.name}` };
    return success();
  },
});
