import type { SettingDecl } from '../kernel/settings-store.ts';

/** Settings the storage domain reads. */
export const storageSettings: SettingDecl[] = [
  {
    name: 'vmsnapshot.max',
    category: 'Advanced',
    description: 'Maximum number of VM snapshots a VM may have',
    type: 'Integer',
    defaultValue: '10',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
];
