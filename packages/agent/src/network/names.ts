import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AgentConfig } from '../config.ts';

// Every Linux name the agent creates starts with the configured prefix, so that agents sharing a machine (and the
// tests) never touch each other's devices, and fits in IFNAMSIZ (15 characters).

const maxLinkName = 15;

const sha1hex = (s: string) => createHash('sha1').update(s).digest('hex');

/** The prefix, checked: at most 4 characters that are valid in interface names. */
function checkedPrefix(prefix: string): string {
  if (!/^[a-z0-9]{1,4}$/i.test(prefix)) throw new Error(`the agent's device prefix '${prefix}' must be 1 to 4 letters or digits`);
  return prefix;
}

/** 8 hex characters naming a network: the start of its UUID, or of a hash for ids that are not UUIDs. */
export function networkTag(networkId: string): string {
  const hex = networkId.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{8}/.test(hex) ? hex.slice(0, 8) : sha1hex(networkId).slice(0, 8);
}

/** The Linux bridge of a guest network, in the agent's own network namespace. */
export function bridgeName(prefix: string, networkId: string): string {
  return `${checkedPrefix(prefix)}b${networkTag(networkId)}`;
}

/** The network namespace of a network's router; namespace names are global to the machine. */
export function routerNetns(prefix: string, networkId: string): string {
  return `${checkedPrefix(prefix)}r-${networkTag(networkId)}`;
}

/** The agent's end of the veth pair linking the bridge to the router (its peer is `eth0` in the router namespace). */
export function routerVeth(prefix: string, networkId: string): string {
  return `${checkedPrefix(prefix)}v${networkTag(networkId)}`;
}

/** The VXLAN device that carries a network's bridge to the other hosts (in the agent's namespace, like the bridge). */
export function vxlanName(prefix: string, networkId: string): string {
  return `${checkedPrefix(prefix)}x${networkTag(networkId)}`;
}

/** The tap of a guest NIC: stable for an instance and device, so a restarted agent finds the taps it made. */
export function nicTap(prefix: string, instanceName: string, deviceId: number): string {
  const name = `${checkedPrefix(prefix)}t${sha1hex(instanceName).slice(0, 6)}${deviceId}`;
  if (name.length > maxLinkName) throw new Error(`NIC device ${deviceId} of ${instanceName}: tap name ${name} is longer than ${maxLinkName} characters`);
  return name;
}

/** Where the agent keeps a network's router files (dnsmasq's hosts, leases, pid and log). */
export function networkDir(config: AgentConfig, networkId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(networkId)) throw new Error(`network id '${networkId}' is not a valid id`);
  return join(config.stateDir, 'net', networkId);
}
