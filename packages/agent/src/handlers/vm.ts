import type { VmStats } from '@nimbus/protocol';
import { findGuest } from '../hypervisor/kvm/guests.ts';
import { rebootGuest, startGuest, stopGuest } from '../hypervisor/kvm/lifecycle.ts';
import { migrateGuest, prepareIncoming } from '../hypervisor/kvm/migration.ts';
import { vmStats } from '../hypervisor/kvm/vm-stats.ts';
import type { AgentHandler } from './handler.ts';

export const startVm: AgentHandler<'StartVm'> = async (ctx, { vm }) => {
  await startGuest(ctx, vm);
  // VNC listens on a unix socket in the run dir only: there is no TCP port to give out.
  return { vncPort: 0 };
};

export const stopVm: AgentHandler<'StopVm'> = async (ctx, { instanceName, force }) => {
  await stopGuest(ctx, instanceName, force);
  return {};
};

export const rebootVm: AgentHandler<'RebootVm'> = async (ctx, { instanceName }) => {
  await rebootGuest(ctx, instanceName);
  return {};
};

export const prepareMigration: AgentHandler<'PrepareMigration'> = async (ctx, { vm }) => ({ port: await prepareIncoming(ctx, vm) });

export const migrateVm: AgentHandler<'MigrateVm'> = async (ctx, { instanceName, targetHost, targetAddress, targetPort }) => {
  if (!targetAddress || targetPort === undefined) {
    throw new Error(`Cannot migrate ${instanceName} to host ${targetHost}: the command lacks the target's address and port (from PrepareMigration on the target)`);
  }
  // Cancel the transfer a little before the server stops waiting, so the answer still reaches it.
  const timeoutMs = ctx.timeoutMs ? Math.max(10_000, ctx.timeoutMs - 10_000) : undefined;
  await migrateGuest(ctx, instanceName, { host: targetHost, address: targetAddress, port: targetPort }, { timeoutMs });
  return {};
};

export const getVmStats: AgentHandler<'GetVmStats'> = async (ctx, { instanceNames }) => {
  const stats: Record<string, VmStats> = {};
  for (const name of instanceNames) {
    const guest = await findGuest(ctx, name);
    const entry = guest && (await vmStats(guest));
    if (entry) stats[name] = entry;
  }
  return { stats };
};
