import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MapEntry, ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import type { OfferingScopes } from './scope.ts';
import { loadOfferingResponses, scopeFields } from './responses.ts';

export type NetworkOfferingRow = Database['network_offering'];

/** A network offering's services and the providers of each, in CloudStack's names. */
export type ServiceMap = Record<string, string[]>;

/** CloudStack's network services, and each one's default provider when a create names the service only. */
export const networkServices: Record<string, string> = {
  Vpn: 'VirtualRouter',
  Dhcp: 'VirtualRouter',
  Dns: 'VirtualRouter',
  SourceNat: 'VirtualRouter',
  PortForwarding: 'VirtualRouter',
  Lb: 'VirtualRouter',
  UserData: 'VirtualRouter',
  StaticNat: 'VirtualRouter',
  NetworkACL: 'VpcVirtualRouter',
  Firewall: 'VirtualRouter',
  Gateway: 'VirtualRouter',
  SecurityGroup: 'SecurityGroupProvider',
  Connectivity: 'Ovs',
};

export const networkProviders = ['VirtualRouter', 'VpcVirtualRouter', 'SecurityGroupProvider', 'InternalLbVm', 'Ovs', 'ConfigDrive', 'Netscaler', 'BigSwitchBcf'];

/** The services of a new offering: `supportedservices`, each with the providers `serviceproviderlist` names for it. */
export function parseServices(supported: string[] | undefined, providerList: MapEntry[] | undefined): ServiceMap {
  const canonical = (name: string, table: readonly string[], what: string): string => {
    const found = table.find((t) => t.toLowerCase() === name.toLowerCase());
    if (!found) throw errors.paramError(`Invalid ${what} ${name}: expected one of ${table.join(', ')}`);
    return found;
  };
  const services: ServiceMap = {};
  for (const s of supported ?? []) services[canonical(s, Object.keys(networkServices), 'network service')] = [];
  for (const entry of providerList ?? []) {
    if (!entry.service || !entry.provider) throw errors.paramError('Each serviceproviderlist entry needs a service and a provider');
    const service = canonical(entry.service, Object.keys(networkServices), 'network service');
    if (!(service in services)) throw errors.paramError(`Service ${service} has a provider but is not in supportedservices`);
    const provider = canonical(entry.provider, networkProviders, 'network service provider');
    if (!services[service].includes(provider)) services[service].push(provider);
  }
  for (const [service, providers] of Object.entries(services)) if (providers.length === 0) providers.push(networkServices[service]);
  return services;
}

export function servicesOf(o: NetworkOfferingRow): ServiceMap {
  return JSON.parse(o.services) as ServiceMap;
}

export function networkOfferingResponse(o: NetworkOfferingRow, s: OfferingScopes, zoneNames: Map<string, string>): ResponseObject {
  const services = servicesOf(o);
  return {
    id: o.id,
    name: o.name,
    displaytext: o.display_text,
    guestiptype: o.guest_ip_type,
    traffictype: o.traffic_type,
    availability: o.availability,
    isdefault: o.is_default === 1,
    conservemode: o.conserve_mode === 1,
    specifyvlan: o.specify_vlan === 1,
    specifyipranges: o.specify_ip_ranges === 1,
    ispersistent: o.is_persistent === 1,
    egressdefaultpolicy: o.egress_default_policy === 1,
    forvpc: o.for_vpc === 1,
    fornsx: false,
    fortungsten: false,
    supportsstrechedl2subnet: false,
    supportspublicaccess: false,
    supportsinternallb: false,
    networkrate: o.network_rate,
    maxconnections: o.max_connections,
    internetprotocol: o.internet_protocol,
    serviceofferingid: o.service_offering_id,
    tags: o.tags,
    state: o.state,
    service: Object.entries(services).map(([name, providers]) => ({ name, provider: providers.map((p) => ({ name: p })), capability: [] })),
    ...scopeFields(s, zoneNames),
    created: formatDate(o.created),
    hasannotations: false,
  };
}

export async function loadNetworkOfferingResponses(db: Kysely<Database>, rows: NetworkOfferingRow[]): Promise<ResponseObject[]> {
  return loadOfferingResponses(db, rows, networkOfferingResponse);
}

/** A network offering that is not removed (any state); 431 when missing. */
export async function findNetworkOffering(db: Kysely<Database>, id: string): Promise<NetworkOfferingRow> {
  const o = await db.selectFrom('network_offering').selectAll().where('id', '=', id).where('removed', 'is', null).executeTakeFirst();
  if (!o) throw errors.notFound('network offering', id);
  return o;
}

export const DEFAULT_ISOLATED_OFFERING = 'DefaultIsolatedNetworkOfferingWithSourceNatService';

/** The offering CloudStack gives an account's first isolated network. */
export async function defaultIsolatedOffering(db: Kysely<Database>): Promise<NetworkOfferingRow> {
  const o = await db
    .selectFrom('network_offering')
    .selectAll()
    .where('name', '=', DEFAULT_ISOLATED_OFFERING)
    .where('is_default', '=', 1)
    .where('removed', 'is', null)
    .executeTakeFirst();
  if (!o) throw errors.unavailable(`The default network offering ${DEFAULT_ISOLATED_OFFERING} is missing`);
  return o;
}
