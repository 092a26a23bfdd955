import type { SettingDecl } from '../../kernel/settings-store.ts';

/** CloudStack's resource types, by their number in the API (`resourcetype`) and their name (`resourcetypename`). */
export const resourceTypes = [
  { id: 0, name: 'user_vm', setting: 'user.vms', account: 20, domain: 40, what: 'user VMs' },
  { id: 1, name: 'public_ip', setting: 'public.ips', account: 20, domain: 40, what: 'public IP addresses' },
  { id: 2, name: 'volume', setting: 'volumes', account: 20, domain: 40, what: 'volumes' },
  { id: 3, name: 'snapshot', setting: 'snapshots', account: 20, domain: 40, what: 'snapshots' },
  { id: 4, name: 'template', setting: 'templates', account: 20, domain: 40, what: 'templates' },
  { id: 5, name: 'project', setting: 'projects', account: 10, domain: 50, what: 'projects' },
  { id: 6, name: 'network', setting: 'networks', account: 20, domain: 40, what: 'networks' },
  { id: 7, name: 'vpc', setting: 'vpcs', account: 20, domain: 40, what: 'VPCs' },
  { id: 8, name: 'cpu', setting: 'cpus', account: 40, domain: 80, what: 'CPU cores' },
  { id: 9, name: 'memory', setting: 'memory', account: 40960, domain: 81920, what: 'memory (MiB)' },
  { id: 10, name: 'primary_storage', setting: 'primary.storage', account: 200, domain: 400, what: 'primary storage (GiB)' },
  { id: 11, name: 'secondary_storage', setting: 'secondary.storage', account: 400, domain: 800, what: 'secondary storage (GiB)' },
] as const;

export type ResourceTypeInfo = (typeof resourceTypes)[number];
export type ResourceType = ResourceTypeInfo['name'];

const GiB = 1024 ** 3;

/** Limits of the storage types are GiB while their counts are bytes: what a count is compared with. */
export function limitInCountUnits(type: ResourceTypeInfo, max: number): number {
  return max >= 0 && (type.name === 'primary_storage' || type.name === 'secondary_storage') ? max * GiB : max;
}

export function resourceTypeById(id: number): ResourceTypeInfo | undefined {
  return resourceTypes.find((t) => t.id === id);
}

export function resourceTypeByName(name: string): ResourceTypeInfo | undefined {
  return resourceTypes.find((t) => t.name === name.toLowerCase());
}

export const accountLimitSetting = (t: ResourceTypeInfo): string => `max.account.${t.setting}`;
export const domainLimitSetting = (t: ResourceTypeInfo): string => `max.domain.${t.setting}`;

/** The defaults of accounts and domains without a limit of their own (CloudStack's names and values). */
export const limitSettings: SettingDecl[] = resourceTypes.flatMap((t) => [
  {
    name: accountLimitSetting(t),
    category: 'Account Defaults',
    description: `The default maximum number of ${t.what} that can be used by an account`,
    type: 'Long' as const,
    defaultValue: String(t.account),
    scopes: [],
    isDynamic: true,
    min: -1,
  },
  {
    name: domainLimitSetting(t),
    category: 'Domain Defaults',
    description: `The default maximum number of ${t.what} that can be used by a domain`,
    type: 'Long' as const,
    defaultValue: String(t.domain),
    scopes: [],
    isDynamic: true,
    min: -1,
  },
]);
