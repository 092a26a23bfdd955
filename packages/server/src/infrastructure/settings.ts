import type { SettingDecl } from '../kernel/settings-store.ts';

/** Placement and capacity settings, with CloudStack's names, defaults and scopes. */
export const infrastructureSettings: SettingDecl[] = [
  {
    name: 'cpu.overprovisioning.factor',
    category: 'Advanced',
    description: 'Used for CPU overprovisioning calculation; available CPU will be (actualCpuCapacity * cpu.overprovisioning.factor)',
    type: 'Float',
    defaultValue: '1.0',
    scopes: ['cluster'],
    isDynamic: true,
    min: 0.1,
  },
  {
    name: 'mem.overprovisioning.factor',
    category: 'Advanced',
    description: 'Used for memory overprovisioning calculation',
    type: 'Float',
    defaultValue: '1.0',
    scopes: ['cluster'],
    isDynamic: true,
    min: 0.1,
  },
  {
    name: 'storage.overprovisioning.factor',
    category: 'Storage',
    description: 'Used for storage overprovisioning calculation; available storage will be (actualStorageSize * storage.overprovisioning.factor)',
    type: 'Float',
    defaultValue: '2',
    scopes: ['storagepool'],
    isDynamic: true,
    min: 0.1,
  },
  {
    name: 'vm.allocation.algorithm',
    category: 'Advanced',
    description: "Order in which hosts are tried for a new VM: 'random', 'firstfit', 'userdispersing' or 'firstfitleastconsumed'",
    type: 'String',
    defaultValue: 'random',
    scopes: [],
    isDynamic: true,
    options: ['random', 'firstfit', 'userdispersing', 'firstfitleastconsumed'],
  },
  {
    name: 'cluster.cpu.allocated.capacity.disablethreshold',
    category: 'Alert',
    description: 'Percentage (as a value between 0 and 1) of allocated CPU above which a cluster takes no new VMs',
    type: 'Float',
    defaultValue: '0.85',
    scopes: ['cluster'],
    isDynamic: true,
    min: 0,
    max: 1,
  },
  {
    name: 'cluster.memory.allocated.capacity.disablethreshold',
    category: 'Alert',
    description: 'Percentage (as a value between 0 and 1) of allocated memory above which a cluster takes no new VMs',
    type: 'Float',
    defaultValue: '0.85',
    scopes: ['cluster'],
    isDynamic: true,
    min: 0,
    max: 1,
  },
  {
    name: 'pool.storage.allocated.capacity.disablethreshold',
    category: 'Alert',
    description: 'Percentage (as a value between 0 and 1) of allocated storage above which a pool takes no new volumes',
    type: 'Float',
    defaultValue: '0.85',
    scopes: ['storagepool'],
    isDynamic: true,
    min: 0,
    max: 1,
  },
];

export function settingDefault(name: string): number {
  return Number(infrastructureSettings.find((s) => s.name === name)?.defaultValue);
}
