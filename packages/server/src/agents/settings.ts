import type { SettingDecl } from '../kernel/settings-store.ts';

/** CloudStack's names for the agent settings this domain reads. */
export const agentSettings: SettingDecl[] = [
  {
    name: 'ping.interval',
    category: 'Advanced',
    description: 'Seconds between pings to each host; a host that does not answer one within that time is marked Down',
    type: 'Integer',
    defaultValue: '60',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'ping.timeout',
    category: 'Advanced',
    description: 'Multiplier to ping.interval before announcing an agent has timed out: a host whose agent stays disconnected that long is Down',
    type: 'Float',
    defaultValue: '2.5',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'extract.url.expiration.interval',
    category: 'Advanced',
    description: 'Seconds a download URL of extractVolume, extractTemplate and extractIso stays valid',
    type: 'Integer',
    defaultValue: '14400',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'wait',
    category: 'Advanced',
    description: 'Seconds to wait for a host agent to answer a command that names no time-out of its own',
    type: 'Integer',
    defaultValue: '1800',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
];
