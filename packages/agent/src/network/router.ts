import { existsSync } from 'node:fs';
import { run } from '../exec.ts';
import { deleteLink, ipAdd, ipBatch, linkExists } from './links.ts';
import { bridgeName, routerNetns, routerVeth } from './names.ts';

// A network's router is a namespace of its own whose eth0 holds the gateway address; a veth pair joins that eth0 to
// the network's bridge in the agent's namespace. Router services (dnsmasq) run inside it.

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.1.1.0/24` → its address and prefix length; throws a readable error for anything else. */
export function parseCidr(cidr: string): { network: string; prefixLength: number } {
  const [network = '', len = ''] = cidr.split('/');
  if (!/^\d{1,2}$/.test(len) || Number(len) > 32) throw new Error(`'${cidr}' is not an IPv4 CIDR like 10.1.1.0/24`);
  return { network: checkIpv4(`the network address of ${cidr}`, network), prefixLength: Number(len) };
}

/** Returns the address when it is a dotted IPv4 address; throws an error naming `what` otherwise. */
export function checkIpv4(what: string, ip: string): string {
  const m = ipv4.exec(ip);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) throw new Error(`${what} '${ip}' is not an IPv4 address`);
  return ip;
}

/** Whether the named namespace is mounted (what `ip netns list` reads, without a process per question). */
export async function netnsExists(name: string): Promise<boolean> {
  return existsSync(`/run/netns/${name}`);
}

/** The router namespace of a network, created when missing; says whether it was (a fresh one holds nothing yet). */
export async function ensureNetns(prefix: string, networkId: string): Promise<boolean> {
  const ns = routerNetns(prefix, networkId);
  if (await netnsExists(ns)) return false;
  await ipAdd(['netns', 'add', ns]);
  return true;
}

/**
 * Brings the router namespace of a network (made by `ensureNetns`) up with `gateway/<prefix length of cidr>` on its
 * eth0, joined to the network's bridge (which must exist); returns its name. `mtu` is the guests' MTU (lower on a network that crosses
 * hosts in a tunnel): the router's own packets, and those it forwards to guests, must fit it too, or the tunnel drops
 * them silently. A `fresh` namespace (made just now: a router built or rebuilt) is set up without asking what it holds.
 */
export async function ensureRouter(prefix: string, networkId: string, cidr: string, gateway: string, mtu: number, fresh: boolean): Promise<string> {
  const { prefixLength } = parseCidr(cidr);
  const address = `${checkIpv4('gateway', gateway)}/${prefixLength}`;
  const ns = routerNetns(prefix, networkId);
  const veth = routerVeth(prefix, networkId);
  const bridge = bridgeName(prefix, networkId);
  const haveVeth = await linkExists(veth);
  const haveEth0 = !fresh && (await linkExists('eth0', ns));
  if (!haveVeth || !haveEth0) {
    // Half a pair: the namespace was deleted under us (its eth0 went with it), or the agent ran elsewhere before.
    if (haveVeth) await deleteLink(veth);
    if (haveEth0) await run('ip', ['-n', ns, 'link', 'del', 'dev', 'eth0']);
    await run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  }
  const inside = [['link', 'set', 'dev', 'lo', 'up']];
  const addresses = fresh ? [] : (await run('ip', ['-n', ns, '-4', '-o', 'addr', 'show', 'dev', 'eth0'])).stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[3]);
  if (addresses.length !== 1 || addresses[0] !== address) inside.push(['addr', 'flush', 'dev', 'eth0'], ['addr', 'add', address, 'dev', 'eth0']);
  inside.push(['link', 'set', 'dev', 'eth0', 'mtu', String(mtu), 'up']);
  await ipBatch(ns, inside);
  await run('ip', ['link', 'set', 'dev', veth, 'mtu', String(mtu), 'master', bridge, 'up']);
  return ns;
}

/** Whether guests of this host still hang on the network's bridge (their taps are its ports). */
export async function guestsAttached(prefix: string, networkId: string): Promise<boolean> {
  let ports: { ifname: string }[];
  try {
    ports = JSON.parse((await run('ip', ['-j', 'link', 'show', 'master', bridgeName(prefix, networkId)])).stdout || '[]') as { ifname: string }[];
  } catch (err) {
    // No bridge, no guests on it.
    if (err instanceof Error && /does not exist|Cannot find device/.test(err.message)) return false;
    throw err;
  }
  return ports.some((p) => p.ifname.startsWith(`${prefix}t`));
}

/** Removes a network's router namespace and veth (not its bridge: guests may hang on it); pieces already gone are fine. */
export async function destroyRouter(prefix: string, networkId: string): Promise<void> {
  // The veth goes first: namespace teardown is asynchronous, and a peer left behind for a moment would make a quick
  // re-creation of the same network fail with "File exists".
  await deleteLink(routerVeth(prefix, networkId));
  const ns = routerNetns(prefix, networkId);
  if (await netnsExists(ns)) await run('ip', ['netns', 'del', ns]);
}
