import { lookup } from 'node:dns/promises';
import { run } from '../exec.ts';
import { deleteLink, ipAdd, linkExists } from './links.ts';
import { vxlanName } from './names.ts';
import { checkIpv4 } from './router.ts';

// A guest network spans hosts through one VXLAN device per network, a port of the network's bridge. Broadcasts and
// frames for unknown MACs go to every host in the flood list (head-end replication: hosts need not share a subnet or
// multicast routing; the server knows which hosts carry the network), and learning then sends a guest's frames
// straight to the host it sits on, which also follows a guest that live-migrated once it sends a frame.

export const vxlanPort = 4789;
/** 1500 less the 50 bytes VXLAN adds (outer IPv4, UDP, VXLAN header, inner Ethernet header). */
export const vxlanMtu = 1450;
const floodMac = '00:00:00:00:00:00';
export const maxVni = 16_777_215;

/** The IPv4 address of a host address, which an operator may have given as a name. */
async function ipv4Of(what: string, address: string): Promise<string> {
  if (/^[\d.]+$/.test(address)) return checkIpv4(what, address);
  try {
    return (await lookup(address, { family: 4 })).address;
  } catch (err) {
    throw new Error(`${what} '${address}' does not resolve to an IPv4 address: ${(err as Error).message}`);
  }
}

export interface VxlanSpec {
  prefix: string;
  networkId: string;
  vni: number;
  /** This host's address (the agent's configured address): the tunnel's source. */
  local: string;
  bridge: string;
  /** The other hosts carrying the network: replaces the flood list when given, leaves it as it is when not. */
  peers?: string[];
}

interface VxlanData {
  id?: number;
  local?: string;
  port?: number;
}

/** The VXLAN settings of an existing device (empty when it is some other kind), or undefined when there is none. */
async function vxlanData(dev: string): Promise<VxlanData | undefined> {
  if (!(await linkExists(dev))) return undefined;
  const { stdout } = await run('ip', ['-d', '-j', 'link', 'show', 'dev', dev]);
  const [link] = JSON.parse(stdout) as { linkinfo?: { info_kind?: string; info_data?: VxlanData } }[];
  return link?.linkinfo?.info_kind === 'vxlan' ? (link.linkinfo.info_data ?? {}) : {};
}

/** The hosts a VXLAN device floods to (its all-zero MAC entries). */
export async function floodPeers(dev: string): Promise<Set<string>> {
  const { stdout } = await run('bridge', ['-j', 'fdb', 'show', 'dev', dev]);
  const entries = JSON.parse(stdout || '[]') as { mac?: string; dst?: string }[];
  return new Set(entries.filter((e) => e.mac === floodMac && e.dst).map((e) => e.dst as string));
}

async function setFloodPeers(dev: string, local: string, peers: string[]): Promise<void> {
  const wanted = new Set<string>();
  for (const peer of peers) {
    const ip = await ipv4Of('peer host address', peer);
    // The server may list every host carrying the network, this one included: flooding to ourselves would loop.
    if (ip !== local) wanted.add(ip);
  }
  const have = await floodPeers(dev);
  // New peers first: while the list changes, no host that stays in it misses a broadcast.
  for (const ip of wanted) if (!have.has(ip)) await run('bridge', ['fdb', 'append', floodMac, 'dev', dev, 'dst', ip]);
  for (const ip of have) if (!wanted.has(ip)) await run('bridge', ['fdb', 'del', floodMac, 'dev', dev, 'dst', ip]);
}

/**
 * The network's VXLAN device: with the given VNI and source address (re-created when either changed), MTU 1450, a
 * port of the bridge, up, flooding to the peers when they are given. Returns its name.
 */
export async function ensureVxlan(spec: VxlanSpec): Promise<string> {
  const dev = vxlanName(spec.prefix, spec.networkId);
  const local = await ipv4Of("this host's address", spec.local);
  const have = await vxlanData(dev);
  const stale = have !== undefined && (have.id !== spec.vni || have.local !== local || have.port !== vxlanPort);
  if (stale) await deleteLink(dev);
  if (have === undefined || stale) {
    await ipAdd(['link', 'add', dev, 'type', 'vxlan', 'id', String(spec.vni), 'local', local, 'dstport', String(vxlanPort), 'learning']);
  }
  await run('ip', ['link', 'set', 'dev', dev, 'mtu', String(vxlanMtu), 'master', spec.bridge, 'up']);
  if (spec.peers) await setFloodPeers(dev, local, spec.peers);
  return dev;
}

/** Deletes the network's VXLAN device (with its flood list); none is fine. */
export async function deleteVxlan(prefix: string, networkId: string): Promise<void> {
  await deleteLink(vxlanName(prefix, networkId));
}
