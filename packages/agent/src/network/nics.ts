import type { NicSpec } from '@nimbus/protocol';
import type { AgentContext } from '../handlers/handler.ts';

/** The tap device of a guest's NIC (at most 15 characters, stable for an instance and device). Placeholder. */
export function tapName(ctx: AgentContext, instanceName: string, deviceId: number): string {
  throw new Error(`tapName(${ctx.config.prefix}, ${instanceName}, ${deviceId}) is not implemented yet`);
}

/** Creates the NIC's tap device on the bridge of its network (creating the bridge when missing); returns the tap name. Placeholder. */
export async function plugNic(ctx: AgentContext, instanceName: string, nic: NicSpec): Promise<string> {
  throw new Error(`plugNic(${ctx.config.prefix}, ${instanceName}, ${nic.id}) is not implemented yet`);
}

/** Deletes a tap device; one that does not exist is fine. Placeholder. */
export async function unplugNic(ctx: AgentContext, tap: string): Promise<void> {
  throw new Error(`unplugNic(${ctx.config.prefix}, ${tap}) is not implemented yet`);
}
