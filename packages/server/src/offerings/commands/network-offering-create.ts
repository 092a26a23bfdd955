import { defineCommand, object, type MapEntry } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { findNetworkOffering, loadNetworkOfferingResponses, parseServices } from '../network-offering.ts';
import { newOfferingColumns, newScopes, writeOffering } from '../offering-write.ts';
import { oneOf, positive } from '../validate.ts';

export const createNetworkOffering = defineCommand({
  name: 'createNetworkOffering',
  description: 'Creates a network offering: the guest network type and the services its networks get, with their providers',
  access: access.domainAdmins,
  event: 'NETWORK.OFFERING.CREATE',
  params: {
    name: { type: 'string', required: true, description: 'The name of the network offering' },
    displaytext: { type: 'string', required: true, length: 4096, description: 'The display text of the network offering' },
    guestiptype: { type: 'string', required: true, description: 'Guest type of the network offering: Shared, Isolated or L2' },
    traffictype: { type: 'string', required: true, description: 'The traffic type for the network offering; only Guest' },
    supportedservices: { type: 'list', description: 'Services supported by the network offering' },
    serviceproviderlist: { type: 'map', description: 'Provider of each service: serviceproviderlist[0].service=Dhcp&serviceproviderlist[0].provider=VirtualRouter' },
    availability: { type: 'string', description: 'Optional (default) or Required' },
    conservemode: { type: 'boolean', description: 'Whether the offering is in conserve mode (default true)' },
    specifyvlan: { type: 'boolean', description: 'Whether networks of this offering name their VLAN' },
    specifyipranges: { type: 'boolean', description: 'Whether networks of this offering name their IP ranges (default true for Shared)' },
    ispersistent: { type: 'boolean', description: 'Whether networks of this offering are implemented at creation' },
    egressdefaultpolicy: { type: 'boolean', description: 'true allows all egress traffic by default (default), false denies it' },
    forvpc: { type: 'boolean', description: 'Whether the offering is for VPC tiers' },
    networkrate: { type: 'integer', description: 'Data transfer rate in megabits per second' },
    maxconnections: { type: 'integer', description: 'Maximum number of concurrent connections of the load balancer' },
    tags: { type: 'string', description: 'The tags of the network offering' },
    internetprotocol: { type: 'string', description: 'IPv4 (default) or DualStack' },
    serviceofferingid: { type: 'uuid', entity: 'ServiceOffering', description: 'The service offering of the offering\'s virtual routers' },
    enable: { type: 'boolean', description: 'Create the offering Enabled (default: Disabled, as CloudStack)' },
    domainid: { type: 'list', of: 'uuid', entity: 'Domain', description: 'The IDs of the domains the offering is limited to (public when empty)' },
    zoneid: { type: 'list', of: 'uuid', entity: 'Zone', description: 'The IDs of the zones the offering is limited to (all when empty)' },
  },
  response: { type: 'object', name: 'networkoffering' },
  async handler(ctx, p) {
    const guestType = oneOf('guestiptype', p.guestiptype, ['Isolated', 'Shared', 'L2']) as string;
    oneOf('traffictype', p.traffictype, ['Guest']);
    const availability = oneOf('availability', p.availability, ['Optional', 'Required']) ?? 'Optional';
    const protocol = oneOf('internetprotocol', p.internetprotocol, ['IPv4', 'DualStack']) ?? 'IPv4';
    positive('networkrate', p.networkrate, 1);
    positive('maxconnections', p.maxconnections, 1);
    const services = parseServices(p.supportedservices as string[] | undefined, p.serviceproviderlist as MapEntry[] | undefined);
    if (guestType === 'L2' && Object.keys(services).length) throw errors.paramError('An L2 network offering has no services');
    if (guestType === 'Shared' && 'SourceNat' in services) throw errors.paramError('A Shared network offering cannot provide SourceNat');
    if (guestType !== 'Shared' && 'SecurityGroup' in services) throw errors.paramError('Only Shared network offerings provide SecurityGroup');
    if (availability === 'Required' && !(guestType === 'Isolated' && 'SourceNat' in services)) {
      throw errors.paramError('Availability Required is only for Isolated offerings with SourceNat');
    }
    if (p.serviceofferingid) {
      const so = await ctx.db.selectFrom('service_offering').select('id').where('id', '=', p.serviceofferingid as string).where('removed', 'is', null).executeTakeFirst();
      if (!so) throw errors.notFound('service offering', p.serviceofferingid as string);
    }
    const scopes = await newScopes(ctx.db, ctx.caller, p);
    const id = crypto.randomUUID();
    await writeOffering(ctx.db, id, scopes, async (trx) => {
      await trx
        .insertInto('network_offering')
        .values({
          id,
          name: p.name as string,
          display_text: p.displaytext as string,
          guest_ip_type: guestType,
          traffic_type: 'Guest',
          services: JSON.stringify(services),
          availability,
          conserve_mode: p.conservemode === false ? 0 : 1,
          specify_vlan: p.specifyvlan ? 1 : 0,
          specify_ip_ranges: ((p.specifyipranges as boolean | undefined) ?? guestType === 'Shared') ? 1 : 0,
          is_persistent: p.ispersistent ? 1 : 0,
          egress_default_policy: p.egressdefaultpolicy === false ? 0 : 1,
          for_vpc: p.forvpc ? 1 : 0,
          network_rate: (p.networkrate as number | undefined) ?? null,
          tags: (p.tags as string | undefined) ?? null,
          is_default: 0,
          max_connections: (p.maxconnections as number | undefined) ?? null,
          internet_protocol: protocol,
          service_offering_id: (p.serviceofferingid as string | undefined) ?? null,
          ...newOfferingColumns(p.enable ? 'Enabled' : 'Disabled'),
        })
        .execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'NetworkOffering', resourceId: id, description: `created network offering ${p.name as string}` };
    const [response] = await loadNetworkOfferingResponses(ctx.db, [await findNetworkOffering(ctx.db, id)]);
    return object(response);
  },
});
