import type { CommandOfKind } from '@nimbus/protocol';
import type { SimHost } from '../model.ts';
import { fail, type Handler } from './handler.ts';

type RuleSet = CommandOfKind<'ApplyNetworkRules'>;

/** What each simulated router holds: kept beside the host (not in it) so hosts without routers stay small. */
const routers = new WeakMap<SimHost, Map<string, RuleSet>>();

/** The rule set a simulated host last accepted for a network (for tests). */
export function appliedRules(host: SimHost, networkId: string): RuleSet | undefined {
  return routers.get(host)?.get(networkId);
}

/**
 * Records the network's rule set, as a router rebuilds its tables: refused, as nftables and haproxy would refuse it,
 * when two port forwards (or a tcp forward and a load balancer, or two load balancers) of one address catch the same
 * port, or a forward or load balancer names an address the network lacks.
 */
export const applyNetworkRules: Handler<'ApplyNetworkRules'> = (_sim, host, cmd) => {
  const addresses = new Set(cmd.publicIps.map((p) => p.ip));
  const taken = new Map<string, string>();
  for (const pf of cmd.portForwards) {
    if (!addresses.has(pf.publicIp)) return fail(`port forward ${pf.id} uses ${pf.publicIp}, which network ${cmd.networkId} does not hold`);
    for (let port = pf.publicPorts[0]; port <= pf.publicPorts[1]; port++) {
      const key = `${pf.publicIp}/${pf.protocol}/${port}`;
      const other = taken.get(key);
      if (other) return fail(`port forwards ${other} and ${pf.id} both catch ${pf.protocol} port ${port} of ${pf.publicIp}`);
      taken.set(key, pf.id);
    }
  }
  for (const lb of cmd.loadBalancers ?? []) {
    if (!addresses.has(lb.publicIp)) return fail(`load balancer ${lb.id} uses ${lb.publicIp}, which network ${cmd.networkId} does not hold`);
    const key = `${lb.publicIp}/tcp/${lb.publicPort}`;
    const other = taken.get(key);
    if (other) return fail(`${other.startsWith('load balancer') ? other : `port forward ${other}`} and load balancer ${lb.id} both catch tcp port ${lb.publicPort} of ${lb.publicIp}`);
    taken.set(key, `load balancer ${lb.id}`);
  }
  let networks = routers.get(host);
  if (!networks) routers.set(host, (networks = new Map()));
  networks.set(cmd.networkId, cmd);
  return { ok: true };
};

/** The simulated router keeps the leases it was given, so a test can see what a real router would serve. */
export const setupNetwork: Handler<'SetupNetwork'> = (sim, host, cmd) => {
  sim.routers.set(cmd.networkId, { hostId: host.id, leases: cmd.leases });
  return { ok: true };
};

export const destroyNetwork: Handler<'DestroyNetwork'> = (sim, _host, cmd) => {
  sim.routers.delete(cmd.networkId);
  return { ok: true };
};

/** A simulated host has no tunnels or trunks: the guest VLAN and flood list only need to be acceptable. */
export const setNetworkPeers: Handler<'SetNetworkPeers'> = (_sim, _host, cmd) =>
  /^(vxlan|vlan):\/\/\d+$/.test(cmd.broadcastUri) ? { ok: true } : fail(`unsupported broadcast URI ${cmd.broadcastUri}`);
