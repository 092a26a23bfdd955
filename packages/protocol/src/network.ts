import { z } from 'zod';
import { Empty } from './common.ts';

const id = z.string().min(1);

/** A fixed DHCP lease: the router answers this MAC with this address and host name, and nothing else. */
export const DhcpLease = z.object({
  mac: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/),
  ip: z.string().min(1),
  hostname: z.string().min(1),
});
export type DhcpLease = z.infer<typeof DhcpLease>;

/**
 * What the router's metadata service answers one guest (found by the address it asks from), as CloudStack's
 * virtual router does: user data, meta-data, SSH public keys, and a password handed out once through port 8080.
 */
export const GuestData = z.object({
  ip: z.string().min(1),
  /** Base64, as the API received it. */
  userData: z.string().optional(),
  /** `instance-id`, `vm-id`, `local-ipv4`, `local-hostname`, `public-ipv4`, `service-offering`, `availability-zone`... */
  metaData: z.record(z.string(), z.string()),
  publicKeys: z.array(z.string()),
  /** A password the guest has not fetched yet; absent once it has (or when the template takes none). */
  password: z.string().optional(),
});
export type GuestData = z.infer<typeof GuestData>;

/**
 * Brings up (or updates) a guest network's router on the host: the network's bridge, the gateway address and a DHCP
 * server answering only the leases given. Idempotent: the lease list replaces the one the host had.
 */
export const SetupNetwork = z.object({
  kind: z.literal('SetupNetwork'),
  networkId: id,
  /** e.g. `10.1.1.0/24`. */
  cidr: z.string().min(1),
  gateway: z.string().min(1),
  netmask: z.string().min(1),
  /** The DNS domain the guests get (CloudStack's network domain). */
  domain: z.string().optional(),
  dns: z.array(z.string()),
  leases: z.array(DhcpLease),
  /** How the network crosses hosts: `vxlan://<vni>`; absent on a network that stays on one host. */
  broadcastUri: z.string().optional(),
  /** The addresses of the other hosts that carry the network (VXLAN flood list). */
  peers: z.array(z.string()).optional(),
  /** What the metadata service serves each guest; replaces what it had. */
  guestData: z.array(GuestData).optional(),
});
export const SetupNetworkAnswer = Empty;

/** Removes a guest network's router and bridge from the host; removing one the host does not have succeeds. */
export const DestroyNetwork = z.object({ kind: z.literal('DestroyNetwork'), networkId: id });
export const DestroyNetworkAnswer = Empty;

/**
 * Tells a host that carries a network (its bridge and VXLAN device) which other hosts carry it now, so that its
 * broadcasts (ARP, DHCP) reach guests on hosts that joined after it. Idempotent; it creates the bridge if missing.
 */
export const SetNetworkPeers = z.object({ kind: z.literal('SetNetworkPeers'), networkId: id, broadcastUri: z.string().min(1), peers: z.array(z.string()) });
export const SetNetworkPeersAnswer = Empty;

/** One health check of a router, as CloudStack's router health checks report them. */
export const RouterCheck = z.object({
  name: z.string().min(1),
  /** `basic` (the router's own pieces) or `advanced` (the services its rules need). */
  type: z.enum(['basic', 'advanced']),
  success: z.boolean(),
  details: z.string(),
});
export type RouterCheck = z.infer<typeof RouterCheck>;

/** Checks a network's router on its host: namespace, gateway, dnsmasq, metadata service, and the rule set's daemons. */
export const CheckRouterHealth = z.object({
  kind: z.literal('CheckRouterHealth'),
  networkId: id,
  gateway: z.string().min(1),
  /** The network holds public addresses: the router must hold its NAT and firewall table. */
  expectRules: z.boolean(),
  /** The network has load balancer rules: the router must run its load balancer. */
  expectLoadBalancer: z.boolean(),
});
export const CheckRouterHealthAnswer = z.object({ checks: z.array(RouterCheck) });
