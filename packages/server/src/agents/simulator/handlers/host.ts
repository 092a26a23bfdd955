import type { PowerState } from '@nimbus/protocol';
import type { Handler } from './handler.ts';
import { spread } from './handler.ts';

export const pingHost: Handler<'PingHost'> = (_sim, host) => {
  const vmStates: Record<string, PowerState> = {};
  for (const name of host.vms?.keys() ?? []) vmStates[name] = 'PowerOn';
  return { ok: true, vmStates };
};

export const readyHost: Handler<'ReadyHost'> = (_sim, host) => ({
  ok: true,
  cpuNumber: host.cpuNumber,
  cpuSpeed: host.cpuSpeed,
  memoryBytes: host.memoryBytes,
  localStorageBytes: host.localStorageBytes,
  hypervisorVersion: 'Simulator',
});

export const getHostStats: Handler<'GetHostStats'> = (_sim, host) => {
  let usedMhz = 0;
  let usedMemory = 0;
  for (const vm of host.vms?.values() ?? []) {
    usedMhz += (vm.spec.cpu * vm.spec.speed * (20 + spread(vm.spec.instanceName, 60))) / 100;
    usedMemory += vm.spec.memory;
  }
  return {
    ok: true,
    cpuUtilization: Math.min(100, (100 * usedMhz) / (host.cpuNumber * host.cpuSpeed)),
    memoryTotalBytes: host.memoryBytes,
    memoryFreeBytes: Math.max(0, host.memoryBytes - usedMemory),
    networkReadKBs: (host.vms?.size ?? 0) * 12,
    networkWriteKBs: (host.vms?.size ?? 0) * 8,
    vmCount: host.vms?.size ?? 0,
  };
};
