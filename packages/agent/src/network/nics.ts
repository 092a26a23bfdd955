import type { NicSpec } from '@nimbus/protocol';
import type { AgentContext } from '../handlers/handler.ts';
import { deleteLink, ensureBridge, ensureTap } from './links.ts';
import { bridgeName, nicTap } from './names.ts';
import { serialized } from './serialized.ts';
import { ensureGuestLink, guestLink } from './vlan.ts';

/** The tap device of a guest's NIC (at most 15 characters, stable for an instance and device). */
export function tapName(ctx: AgentContext, instanceName: string, deviceId: number): string {
  return nicTap(ctx.config.prefix, instanceName, deviceId);
}

/**
 * Creates the NIC's tap device on the bridge of its network (creating the bridge when missing, and its VLAN
 * sub-interface or VXLAN device towards the NIC's peers on a network that crosses hosts); returns the tap name. The tap lives in the agent's namespace,
 * where qemu (which opens it) runs too.
 */
export async function plugNic(ctx: AgentContext, instanceName: string, nic: NicSpec): Promise<string> {
  const { prefix } = ctx.config;
  const bridge = bridgeName(prefix, nic.networkId);
  const tap = tapName(ctx, instanceName, nic.deviceId);
  const link = await guestLink(ctx, nic.broadcastUri);
  await serialized(nic.networkId, async () => {
    await ensureBridge(bridge);
    if (link) await ensureGuestLink(ctx, nic.networkId, bridge, link, nic.peers);
  });
  await ensureTap(tap, bridge);
  ctx.log.debug({ tap, bridge, nic: nic.id, link }, 'NIC plugged');
  return tap;
}

/**
 * Deletes a tap device; one that does not exist is fine. Only the agent's own devices (its prefix) are touched.
 * The network's bridge and its VLAN or VXLAN device stay when the last tap goes: they cost next to nothing, the next guest of
 * the network (or one migrating in) reuses them, and DestroyNetwork removes them with the network.
 */
export async function unplugNic(ctx: AgentContext, tap: string): Promise<void> {
  if (!tap.startsWith(ctx.config.prefix)) throw new Error(`refusing to delete ${tap}: it is not one of this agent's devices (prefix ${ctx.config.prefix})`);
  await deleteLink(tap);
  ctx.log.debug({ tap }, 'NIC unplugged');
}
