import { run } from '../../exec.ts';
import { deleteLink, ensureBridge, ipAdd, ipBatch, linkExists } from '../links.ts';
import { networkTag } from '../names.ts';
import { guestIf, publicIf } from './ruleset.ts';

// A router's public side: a veth from the zone's public bridge (in the agent's namespace) to `eth1` in the router
// namespace, holding the network's public addresses.

/** The agent's end of a router's uplink veth (its peer is `eth1` in the router namespace). */
export function uplinkVeth(prefix: string, networkId: string): string {
  return `${prefix}p${networkTag(networkId)}`;
}

/** IPv4 addresses (`a.b.c.d/len`) on a device, in the agent's namespace or in `netns`. */
async function addresses(dev: string, netns?: string): Promise<string[]> {
  const where = netns ? ['-n', netns] : [];
  const { stdout } = await run('ip', [...where, '-4', '-o', 'addr', 'show', 'dev', dev]);
  return stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[3] ?? '');
}

/**
 * The public bridge, up; with `gateways` (`a.b.c.d/len`) also those addresses on it, so that the host itself is the
 * public ranges' gateway. Addresses already there (another network's range) stay.
 */
export async function ensurePublicBridge(bridge: string, gateways: string[]): Promise<void> {
  await ensureBridge(bridge);
  const have = new Set(await addresses(bridge));
  for (const gw of gateways) {
    if (have.has(gw)) continue;
    try {
      await run('ip', ['addr', 'add', gw, 'dev', bridge]);
    } catch (err) {
      if (!(err instanceof Error && /File exists/.test(err.message))) throw err;
    }
  }
}

/**
 * The uplink of router namespace `netns` on `bridge` with exactly `publicAddresses` (`a.b.c.d/len`) on eth1, a
 * default route via `gateway` (when there is one) and forwarding on.
 */
export async function ensureUplink(opts: { prefix: string; networkId: string; netns: string; bridge: string; publicAddresses: string[]; gateway?: string }): Promise<void> {
  const { netns } = opts;
  const veth = uplinkVeth(opts.prefix, opts.networkId);
  const haveVeth = await linkExists(veth);
  const haveEth1 = await linkExists(publicIf, netns);
  const fresh = !haveVeth || !haveEth1;
  if (fresh) {
    // Half a pair: the router namespace was rebuilt (its eth1 went with it) and the old peer has not gone yet.
    if (haveVeth) await deleteLink(veth);
    if (haveEth1) await run('ip', ['-n', netns, 'link', 'del', 'dev', publicIf]);
    await ipAdd(['link', 'add', veth, 'type', 'veth', 'peer', 'name', publicIf, 'netns', netns]);
  }
  await run('ip', ['link', 'set', 'dev', veth, 'master', opts.bridge, 'up']);
  const want = new Set(opts.publicAddresses);
  // A new eth1 holds nothing: what it needs goes in one batch, without asking.
  const have = fresh ? [] : await addresses(publicIf, netns);
  const added = [...want].filter((address) => !have.includes(address));
  // onlink: a public address without a netmask is a /32, and its gateway is still right there on the wire.
  await ipBatch(netns, [
    ['link', 'set', 'dev', publicIf, 'up'],
    ...have.filter((address) => !want.has(address)).map((address) => ['addr', 'del', address, 'dev', publicIf]),
    ...added.map((address) => ['addr', 'add', address, 'dev', publicIf]),
    opts.gateway ? ['route', 'replace', 'default', 'via', opts.gateway, 'dev', publicIf, 'onlink'] : ['route', 'flush', 'exact', '0.0.0.0/0'],
  ]);
  // An address that moved here from another router is still in the neighbours' ARP caches with the old MAC: one
  // gratuitous ARP per new address, sent side by side.
  await Promise.all(
    added.map((address) => {
      const ip = address.split('/')[0] ?? '';
      return run('ip', ['netns', 'exec', netns, 'busybox', 'arping', '-U', '-c', '1', '-w', '1', '-I', publicIf, '-s', ip, ip]);
    }),
  );
  // Hairpin traffic leaves by the interface it came in: no ICMP redirect must send the guest to a peer directly.
  const sysctls = ['net.ipv4.ip_forward=1', 'net.ipv4.conf.all.send_redirects=0', `net.ipv4.conf.${guestIf}.send_redirects=0`];
  await run('ip', ['netns', 'exec', netns, 'sysctl', '-qw', ...sysctls]);
}

/** Removes a router's uplink (its public addresses and default route go with eth1); a missing one is fine. */
export async function removeUplink(prefix: string, networkId: string): Promise<void> {
  await deleteLink(uplinkVeth(prefix, networkId));
}
