import type { VmStats } from '@nimbus/protocol';
import { fail, spread, type Handler } from './handler.ts';

export const startVm: Handler<'StartVm'> = (sim, host, { vm }) => {
  if (host.failNextStarts > 0) {
    host.failNextStarts--;
    return fail(`Simulated failure starting ${vm.instanceName} on host ${host.name} (injected by configureSimulatorHost)`);
  }
  const elsewhere = sim.running.get(vm.instanceName);
  if (elsewhere === host.id) return { ok: true, vncPort: host.vms?.get(vm.instanceName)?.vncPort ?? 0 };
  if (elsewhere) return fail(`${vm.instanceName} is already running on host ${sim.hosts.get(elsewhere)?.name ?? elsewhere}`);
  return { ok: true, vncPort: sim.runVm(host, vm).vncPort };
};

export const stopVm: Handler<'StopVm'> = (sim, host, { instanceName }) => {
  sim.stopVm(host, instanceName);
  return { ok: true };
};

export const rebootVm: Handler<'RebootVm'> = (_sim, host, { instanceName }) =>
  host.vms?.has(instanceName) ? { ok: true } : fail(`${instanceName} is not running on host ${host.name}`);

/** The simulator moves a guest in one step (MigrateVm): nothing waits on the target. */
export const prepareMigration: Handler<'PrepareMigration'> = (_sim, host, { vm }) =>
  host.vms?.has(vm.instanceName) ? fail(`${vm.instanceName} already runs on host ${host.name}`) : { ok: true, port: 0 };

export const migrateVm: Handler<'MigrateVm'> = (sim, host, { instanceName, targetHost }) => {
  const vm = host.vms?.get(instanceName);
  if (!vm) return fail(`${instanceName} is not running on host ${host.name}`);
  const target = sim.hosts.get(targetHost);
  if (!target || target.down) return fail(`Cannot migrate ${instanceName}: target host ${target?.name ?? targetHost} is unreachable`);
  if (target.id === host.id) return fail(`${instanceName} already runs on host ${host.name}`);
  sim.stopVm(host, instanceName);
  sim.runVm(target, vm.spec).disks = vm.disks;
  return { ok: true };
};

export const getVmStats: Handler<'GetVmStats'> = (_sim, host, { instanceNames }) => {
  const stats: Record<string, VmStats> = {};
  for (const name of instanceNames) {
    const vm = host.vms?.get(name);
    if (!vm) continue;
    const memoryKBs = vm.spec.memory / 1024;
    stats[name] = {
      cpuUtilization: 5 + spread(name, 60),
      memoryKBs,
      memoryIntFreeKBs: (memoryKBs * (20 + spread(name + 'm', 60))) / 100,
      networkReadKBs: spread(name + 'r', 1000),
      networkWriteKBs: spread(name + 'w', 1000),
      diskReadKBs: spread(name + 'dr', 5000),
      diskWriteKBs: spread(name + 'dw', 5000),
    };
  }
  return { ok: true, stats };
};
