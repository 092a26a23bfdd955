import type { SettingDecl } from '../kernel/settings-store.ts';
import { limitSettings } from './limits/types.ts';

/** Settings the identity domain reads. */
export const identitySettings: SettingDecl[] = [
  {
    name: 'incorrect.login.attempts.allowed',
    category: 'Authentication',
    description: 'Failed logins in a row after which the user is locked',
    type: 'Integer',
    defaultValue: '5',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  ...limitSettings,
];
