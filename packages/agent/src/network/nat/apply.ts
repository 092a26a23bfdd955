import { publicBridge, type AgentConfig } from '../../config.ts';
import { run } from '../../exec.ts';
import { ensureBridge } from '../links.ts';
import { checkLoadBalancers } from '../lb/haproxy-config.ts';
import { ensureLoadBalancer } from '../lb/haproxy.ts';
import { networkDir, routerNetns } from '../names.ts';
import { netnsInode } from '../process.ts';
import { netnsExists } from '../router.ts';
import { checkRuleSet, cidrNetwork, guestIf, netmaskLength, nftRuleset, sourceNatIp, type RuleSet } from './ruleset.ts';
import { ensurePublicBridge, ensureUplink, removeUplink } from './uplink.ts';

/** The guest network's CIDR as the router's eth0 holds it (for a rule set that does not name it). */
async function routerGuestCidr(netns: string): Promise<string> {
  const { stdout } = await run('ip', ['-n', netns, '-4', '-o', 'addr', 'show', 'dev', guestIf]);
  const address = stdout.split(/\s+/)[3];
  if (!address) throw new Error(`the router ${netns} has no address on ${guestIf}, so its guest network (for source NAT) is unknown`);
  return cidrNetwork(address);
}

/**
 * The public side this agent last gave each network's router (bridge, gateways, uplink addresses, route), with the
 * router namespace's inode: a namespace built again has none of it. An agent restart forgets it and sets it up again.
 */
const publicSides = new Map<string, string>();

/** The public sides applied (for the router's teardown, which takes them away). */
export function forgetPublicSide(networkId: string): void {
  publicSides.delete(networkId);
}

/** `ip/len` of a public address or gateway: the range's netmask, or a lone /32 when the server gave none. */
const withLength = (ip: string, netmask: string | undefined) => `${ip}/${netmask ? netmaskLength(netmask) : 32}`;

/**
 * Gives a network's router the public side `rules` describe and replaces its nftables table in one transaction
 * (conntrack, hence open connections, survive), then the router's haproxy (touched only when its configuration
 * changed). Everything is checked before anything changes. The table is loaded before addresses appear on eth1, so a
 * new public address is never reachable unguarded.
 */
export async function applyRules(config: AgentConfig, rules: RuleSet): Promise<{ netns: string; publicIps: number; loadBalancer: string }> {
  checkRuleSet(rules);
  const loadBalancers = rules.loadBalancers ?? [];
  checkLoadBalancers(loadBalancers);
  const netns = routerNetns(config.prefix, rules.networkId);
  const snat = sourceNatIp(rules);
  if (!(await netnsExists(netns))) {
    // Taking every public address (hence every load balancer) from a router that is gone already is done.
    if (!snat) {
      await removeUplink(config.prefix, rules.networkId);
      return { netns, publicIps: 0, loadBalancer: 'none' };
    }
    throw new Error(`network ${rules.networkId} has no router on this host (namespace ${netns} is missing): SetupNetwork must come first`);
  }
  const guestCidr = rules.guestCidr ? cidrNetwork(rules.guestCidr) : await routerGuestCidr(netns);
  const ruleset = nftRuleset(rules, guestCidr);
  if (snat) {
    const bridge = publicBridge(config);
    const gateways = config.ownPublicGateway ?? true ? [...new Set(rules.publicIps.flatMap((p) => (p.gateway ? [withLength(p.gateway, p.netmask)] : [])))] : undefined;
    const uplink = { prefix: config.prefix, networkId: rules.networkId, netns, bridge, publicAddresses: rules.publicIps.map((p) => withLength(p.ip, p.netmask)), gateway: snat.gateway };
    // A rule change that leaves the addresses alone (most of them) is the nft transaction alone.
    const side = JSON.stringify({ gateways, uplink, netns: netnsInode(netns) });
    const unchanged = publicSides.get(rules.networkId) === side;
    if (!unchanged) {
      publicSides.delete(rules.networkId);
      if (gateways) await ensurePublicBridge(bridge, gateways);
      else await ensureBridge(bridge);
    }
    await loadRuleset(netns, ruleset);
    if (!unchanged) {
      await ensureUplink(uplink);
      publicSides.set(rules.networkId, side);
    }
  } else {
    publicSides.delete(rules.networkId);
    await removeUplink(config.prefix, rules.networkId);
    await loadRuleset(netns, ruleset);
  }
  const loadBalancer = await ensureLoadBalancer(networkDir(config, rules.networkId), netns, loadBalancers);
  return { netns, publicIps: rules.publicIps.length, loadBalancer };
}

async function loadRuleset(netns: string, ruleset: string): Promise<void> {
  try {
    await run('ip', ['netns', 'exec', netns, 'nft', '-f', '-'], { input: ruleset });
  } catch (err) {
    throw new Error(`nft refused the rule set of router ${netns} (nothing was changed): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
