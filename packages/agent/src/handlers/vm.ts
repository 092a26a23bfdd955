import type { VmStats } from '@nimbus/protocol';
import { findGuest } from '../hypervisor/kvm/guests.ts';
import { rebootGuest, startGuest, stopGuest } from '../hypervisor/kvm/lifecycle.ts';
import { vmStats } from '../hypervisor/kvm/vm-stats.ts';
import type { AgentHandler } from './handler.ts';
import { unsupported } from './unsupported.ts';

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

export const prepareMigration: AgentHandler<'PrepareMigration'> = unsupported('PrepareMigration');
export const migrateVm: AgentHandler<'MigrateVm'> = unsupported('MigrateVm');

export const getVmStats: AgentHandler<'GetVmStats'> = async (ctx, { instanceNames }) => {
  const stats: Record<string, VmStats> = {};
  for (const name of instanceNames) {
    const guest = await findGuest(ctx, name);
    const entry = guest && (await vmStats(guest));
    if (entry) stats[name] = entry;
  }
  return { stats };
};
