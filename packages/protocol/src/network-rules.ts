import { z } from 'zod';
import { Empty } from './common.ts';

const id = z.string().min(1);
const ip = z.string().min(1);
const port = z.number().int().min(1).max(65535);
const protocol = z.enum(['tcp', 'udp', 'icmp', 'all']);

/** A public address of the network and what it does: source NAT, or static NAT to one guest address. */
export const PublicIpSpec = z.object({
  id,
  ip,
  sourceNat: z.boolean(),
  staticNatTo: ip.optional(),
  /** The public range's gateway and netmask (the router's default route goes via the source NAT address's gateway). */
  gateway: ip.optional(),
  netmask: ip.optional(),
});
export type PublicIpSpec = z.infer<typeof PublicIpSpec>;

/** Traffic to `publicIp` on `publicPorts` goes to `guestIp` on `privatePorts` (ranges of equal length). */
export const PortForwardSpec = z.object({
  id,
  publicIp: ip,
  protocol: z.enum(['tcp', 'udp']),
  publicPorts: z.tuple([port, port]),
  guestIp: ip,
  privatePorts: z.tuple([port, port]),
});
export type PortForwardSpec = z.infer<typeof PortForwardSpec>;

export const StaticNatSpec = z.object({ publicIp: ip, guestIp: ip });
export type StaticNatSpec = z.infer<typeof StaticNatSpec>;

/**
 * One firewall rule: ingress rules name the public address they guard, egress rules the guest network's traffic
 * to `destCidrs`. No ports for icmp and all; `icmpType`/`icmpCode` -1 mean any.
 */
export const FirewallSpec = z.object({
  id,
  publicIp: ip.optional(),
  protocol,
  ports: z.tuple([port, port]).optional(),
  sourceCidrs: z.array(z.string().min(1)),
  destCidrs: z.array(z.string().min(1)).optional(),
  icmpType: z.number().int().optional(),
  icmpCode: z.number().int().optional(),
});
export type FirewallSpec = z.infer<typeof FirewallSpec>;

/** CloudStack's stickiness methods, with their parameters as the API took them (`cookie-name`, `holdtime`, ...). */
export const StickinessSpec = z.object({
  method: z.enum(['LbCookie', 'AppCookie', 'SourceBased']),
  params: z.record(z.string(), z.string()),
});
export type StickinessSpec = z.infer<typeof StickinessSpec>;

/** A health check: an HTTP GET of `pingPath` on each member every `intervalSeconds` (CloudStack's defaults 5 s, /). */
export const HealthCheckSpec = z.object({
  pingPath: z.string().min(1),
  intervalSeconds: z.number().int().min(1),
  responseTimeoutSeconds: z.number().int().min(1),
  /** Successes that bring a member back, failures that take it out. */
  healthyThreshold: z.number().int().min(1),
  unhealthyThreshold: z.number().int().min(1),
});
export type HealthCheckSpec = z.infer<typeof HealthCheckSpec>;

/**
 * A load balancer rule: connections to `publicIp:publicPort` spread over the members' `privatePort`. The router's
 * ingress firewall guards the public port as it guards port forwards; `sourceCidrs` narrows it further (empty: any).
 */
export const LoadBalancerSpec = z.object({
  id,
  publicIp: ip,
  publicPort: port,
  privatePort: port,
  /** CloudStack's algorithm names. */
  algorithm: z.enum(['roundrobin', 'leastconn', 'source']),
  /** `tcp-proxy` sends the members a PROXY protocol header naming the client. */
  protocol: z.enum(['tcp', 'tcp-proxy']),
  sourceCidrs: z.array(z.string().min(1)),
  /** Guest addresses (and the VM each belongs to); a rule without members refuses connections. */
  members: z.array(z.object({ vmId: id, ip })),
  stickiness: StickinessSpec.optional(),
  healthCheck: HealthCheckSpec.optional(),
});
export type LoadBalancerSpec = z.infer<typeof LoadBalancerSpec>;

/**
 * The whole rule set of one guest network, sent to the host that runs its router: the agent replaces what it had
 * with this (idempotent, so a retry or a rebuild after a restart sends the same thing).
 */
export const ApplyNetworkRules = z.object({
  kind: z.literal('ApplyNetworkRules'),
  networkId: id,
  publicIps: z.array(PublicIpSpec),
  portForwards: z.array(PortForwardSpec),
  staticNats: z.array(StaticNatSpec),
  firewall: z.array(FirewallSpec),
  egress: z.array(FirewallSpec),
  /** Absent from a sender that predates load balancing: the router then keeps none. */
  loadBalancers: z.array(LoadBalancerSpec).optional(),
  /** The guest network's CIDR (what source NAT and egress rules match). */
  guestCidr: z.string().optional(),
  /**
   * The network offering's egress default: true lets guests out except what `egress` rules deny (CloudStack's
   * egress rules are then deny rules); false keeps them in except what `egress` rules allow.
   */
  egressDefaultAllow: z.boolean().optional(),
});
export const ApplyNetworkRulesAnswer = Empty;
