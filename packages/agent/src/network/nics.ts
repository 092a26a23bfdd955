import type { NicSpec } from '@nimbus/protocol';
import type { AgentContext } from '../handlers/handler.ts';
import { deleteLink, ensureBridge, ensureTap } from './links.ts';
import { bridgeName, nicTap } from './names.ts';

/** The tap device of a guest's NIC (at most 15 characters, stable for an instance and device). */
export function tapName(ctx: AgentContext, instanceName: string, deviceId: number): string {
  return nicTap(ctx.config.prefix, instanceName, deviceId);
}

/**
 * Creates the NIC's tap device on the bridge of its network (creating the bridge when missing); returns the tap name.
 * The tap lives in the agent's namespace, where qemu (which opens it) runs too.
 */
export async function plugNic(ctx: AgentContext, instanceName: string, nic: NicSpec): Promise<string> {
  const bridge = bridgeName(ctx.config.prefix, nic.networkId);
  const tap = tapName(ctx, instanceName, nic.deviceId);
  await ensureBridge(bridge);
  await ensureTap(tap, bridge);
  ctx.log.debug({ tap, bridge, nic: nic.id }, 'NIC plugged');
  return tap;
}

/** Deletes a tap device; one that does not exist is fine. Only the agent's own devices (its prefix) are touched. */
export async function unplugNic(ctx: AgentContext, tap: string): Promise<void> {
  if (!tap.startsWith(ctx.config.prefix)) throw new Error(`refusing to delete ${tap}: it is not one of this agent's devices (prefix ${ctx.config.prefix})`);
  await deleteLink(tap);
  ctx.log.debug({ tap }, 'NIC unplugged');
}
