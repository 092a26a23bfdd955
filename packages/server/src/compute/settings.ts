import type { SettingDecl } from '../kernel/settings-store.ts';

export const computeSettings: SettingDecl[] = [
  {
    name: 'expunge.delay',
    category: 'Advanced',
    description: 'Determines how long (in seconds) to wait before actually expunging a destroyed VM',
    type: 'Integer',
    defaultValue: '86400',
    scopes: [],
    isDynamic: true,
    min: 0,
  },
  {
    name: 'expunge.interval',
    category: 'Advanced',
    description: 'The interval (in seconds) to wait before running the expunge thread',
    type: 'Integer',
    defaultValue: '86400',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'start.retry',
    category: 'Advanced',
    description: 'Number of hosts a VM start is tried on before giving up',
    type: 'Integer',
    defaultValue: '10',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'console.endpoint.token.ttl',
    category: 'Advanced',
    description: 'Seconds a console URL from createConsoleEndpoint stays usable; each URL opens one console session',
    type: 'Integer',
    defaultValue: '60',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
];
