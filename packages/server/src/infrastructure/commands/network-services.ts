import { containsText } from '../../db/text.ts';
import { defineCommand, list, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import type { Database } from '../../db/schema.ts';
import { findPhysicalNetwork } from '../lookup.ts';
import { oneOf } from '../validate.ts';

type Provider = Database['network_service_provider'];
type TrafficType = Database['physical_network_traffic_type'];

/** The providers CloudStack adds to every new physical network, disabled, with the services each offers. */
const providerServices: Record<string, string[]> = {
  VirtualRouter: ['Dhcp', 'Dns', 'Gateway', 'Firewall', 'Lb', 'SourceNat', 'StaticNat', 'PortForwarding', 'Vpn', 'UserData'],
  VpcVirtualRouter: ['Dhcp', 'Dns', 'Gateway', 'Lb', 'SourceNat', 'StaticNat', 'PortForwarding', 'Vpn', 'UserData', 'NetworkACL'],
  InternalLbVm: ['Lb'],
  ConfigDrive: ['UserData'],
  SecurityGroupProvider: ['SecurityGroup'],
};

export function defaultProviders(physicalNetworkId: string, created: string): Provider[] {
  return Object.entries(providerServices).map(([name, services]) => ({
    id: crypto.randomUUID(),
    physical_network_id: physicalNetworkId,
    name,
    state: 'Disabled',
    service_list: services.join(','),
    created,
  }));
}

const providerResponse = (p: Provider) => ({
  id: p.id,
  name: p.name,
  physicalnetworkid: p.physical_network_id,
  state: p.state,
  servicelist: p.service_list ? p.service_list.split(',') : [],
  canenableindividualservice: true,
  destinationphysicalnetworkid: '0',
});

const labels = {
  kvmnetworklabel: 'kvm_label',
  xennetworklabel: 'xen_label',
  vmwarenetworklabel: 'vmware_label',
  hypervnetworklabel: 'hyperv_label',
  ovm3networklabel: 'ovm3_label',
} as const;

/**
 * A traffic type as addTrafficType answers it; listTrafficTypes answers the same object plus `name`, which is how
 * CloudStack 4.22's API description (a provider-shaped response) names the traffic type.
 */
function trafficTypeResponse(t: TrafficType) {
  const out: Record<string, unknown> = { id: t.id, physicalnetworkid: t.physical_network_id, traffictype: t.traffic_type };
  for (const [param, column] of Object.entries(labels)) out[param] = t[column] ?? undefined;
  return out;
}

export const addTrafficType = defineCommand({
  name: 'addTrafficType',
  description: 'Adds a traffic type (Guest, Management, Public, Storage) to a physical network',
  access: access.rootAdmin,
  async: true,
  event: 'TRAFFIC.TYPE.CREATE',
  params: {
    physicalnetworkid: { type: 'uuid', entity: 'PhysicalNetwork', required: true, description: 'The physical network' },
    traffictype: { type: 'string', required: true, description: 'Guest, Management, Public or Storage' },
    isolationmethod: { type: 'string', description: 'The isolation method of this traffic (vlan, vxlan)' },
    vlan: { type: 'string', description: 'The VLAN of Management or Storage traffic' },
    kvmnetworklabel: { type: 'string', description: 'The bridge of this traffic on KVM hosts' },
    xennetworklabel: { type: 'string', description: 'The network label on XenServer hosts' },
    vmwarenetworklabel: { type: 'string', description: 'The network label on VMware hosts' },
    hypervnetworklabel: { type: 'string', description: 'The network label on Hyper-V hosts' },
    ovm3networklabel: { type: 'string', description: 'The network label on OVM3 hosts' },
  },
  response: { type: 'object', name: 'traffictype' },
  async handler(ctx, p) {
    const net = await findPhysicalNetwork(ctx.db, p.physicalnetworkid as string);
    const type = oneOf('addTrafficType', 'traffictype', p.traffictype, ['Guest', 'Management', 'Public', 'Storage']) as string;
    const row: TrafficType = {
      id: crypto.randomUUID(),
      physical_network_id: net.id,
      traffic_type: type,
      kvm_label: (p.kvmnetworklabel as string | undefined) ?? null,
      xen_label: (p.xennetworklabel as string | undefined) ?? null,
      vmware_label: (p.vmwarenetworklabel as string | undefined) ?? null,
      hyperv_label: (p.hypervnetworklabel as string | undefined) ?? null,
      ovm3_label: (p.ovm3networklabel as string | undefined) ?? null,
      vlan: (p.vlan as string | undefined) ?? null,
      isolation_method: (p.isolationmethod as string | undefined) ?? null,
    };
    await ctx.db.transaction().execute(async (trx) => {
      // Guest traffic may span several physical networks of a zone; the other types live on one.
      let taken = trx
        .selectFrom('physical_network_traffic_type as t')
        .innerJoin('physical_network as n', 'n.id', 't.physical_network_id')
        .select('n.name')
        .where('t.traffic_type', '=', type);
      taken = type === 'Guest' ? taken.where('n.id', '=', net.id) : taken.where('n.zone_id', '=', net.zone_id);
      const clash = await taken.executeTakeFirst();
      if (clash) throw errors.paramError(`${type} traffic is already carried by physical network ${clash.name} in this zone`);
      await trx.insertInto('physical_network_traffic_type').values(row).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'TrafficType', resourceId: row.id, description: `added ${type} traffic to physical network ${net.name}` };
    return object(trafficTypeResponse(row));
  },
});

export const listTrafficTypes = defineCommand({
  name: 'listTrafficTypes',
  description: 'Lists the traffic types of a physical network',
  access: access.rootAdmin,
  params: {
    ...listParams,
    physicalnetworkid: { type: 'uuid', required: true, description: 'The physical network' },
  },
  response: { type: 'list', listKey: 'traffictype' },
  async handler(ctx, p) {
    const net = await findPhysicalNetwork(ctx.db, p.physicalnetworkid as string);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('physical_network_traffic_type').where('physical_network_id', '=', net.id);
    if (p.keyword) q = q.where(containsText('traffic_type', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('traffic_type').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), rows.map((t) => ({ ...trafficTypeResponse(t), name: t.traffic_type })));
  },
});

export const listNetworkServiceProviders = defineCommand({
  name: 'listNetworkServiceProviders',
  description: 'Lists the network service providers of physical networks',
  access: access.rootAdmin,
  params: {
    ...listParams,
    physicalnetworkid: { type: 'uuid', description: 'The physical network' },
    name: { type: 'string', description: 'The provider name, e.g. VirtualRouter' },
    state: { type: 'string', description: 'Enabled, Disabled or Shutdown' },
  },
  response: { type: 'list', listKey: 'networkserviceprovider' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('network_service_provider');
    if (p.physicalnetworkid) q = q.where('physical_network_id', '=', p.physicalnetworkid as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.state) q = q.where('state', '=', oneOf('listNetworkServiceProviders', 'state', p.state, ['Enabled', 'Disabled', 'Shutdown']) as string);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), rows.map(providerResponse));
  },
});

export const updateNetworkServiceProvider = defineCommand({
  name: 'updateNetworkServiceProvider',
  description: 'Enables, disables or shuts down a network service provider, or changes its services',
  access: access.rootAdmin,
  async: true,
  event: 'SERVICE.PROVIDER.UPDATE',
  jobInstance: { type: 'PhysicalNetworkServiceProvider', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'NetworkServiceProvider', required: true, description: 'The ID of the provider' },
    state: { type: 'string', description: 'Enabled, Disabled or Shutdown' },
    servicelist: { type: 'list', description: 'The services the provider offers' },
  },
  response: { type: 'object', name: 'networkserviceprovider' },
  async handler(ctx, p) {
    const provider = await ctx.db.selectFrom('network_service_provider').selectAll().where('id', '=', p.id as string).executeTakeFirst();
    if (!provider) throw errors.notFound('network service provider', p.id as string);
    const set: Partial<Provider> = {};
    if (p.state !== undefined) set.state = oneOf('updateNetworkServiceProvider', 'state', p.state, ['Enabled', 'Disabled', 'Shutdown']);
    if (p.servicelist !== undefined) set.service_list = (p.servicelist as string[]).join(',');
    if (Object.keys(set).length > 0) await ctx.db.updateTable('network_service_provider').set(set).where('id', '=', provider.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'PhysicalNetworkServiceProvider', resourceId: provider.id, description: `updated provider ${provider.name}` };
    return object(providerResponse({ ...provider, ...set }));
  },
});
