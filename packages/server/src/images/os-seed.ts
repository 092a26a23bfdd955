/**
 * CloudStack's common OS categories and types, with fixed ids so that every server seeds the same rows. The names
 * are CloudStack's (`guest_os.display_name`), which clients match on.
 */
export const osCategories: { id: string; name: string }[] = [
  'CentOS', 'Debian', 'Oracle', 'RedHat', 'SUSE', 'Windows', 'Other', 'Novel', 'Unix', 'Ubuntu', 'None', 'Rocky Linux', 'AlmaLinux',
].map((name, i) => ({ id: `00000000-0000-4000-8000-0000000d${String(i + 1).padStart(4, '0')}`, name }));

const types: [category: string, names: string[]][] = [
  ['CentOS', ['CentOS 5.5 (64-bit)', 'CentOS 5.6 (64-bit)', 'CentOS 6.5 (64-bit)', 'CentOS 7', 'CentOS 8']],
  ['Debian', ['Debian GNU/Linux 10 (64-bit)', 'Debian GNU/Linux 11 (64-bit)', 'Debian GNU/Linux 12 (64-bit)']],
  ['Oracle', ['Oracle Linux 8', 'Oracle Linux 9']],
  ['RedHat', ['Red Hat Enterprise Linux 7', 'Red Hat Enterprise Linux 8', 'Red Hat Enterprise Linux 9']],
  ['SUSE', ['SUSE Linux Enterprise Server 15 (64-bit)']],
  ['Windows', ['Windows 10 (64-bit)', 'Windows 11 (64-bit)', 'Windows Server 2019 (64-bit)', 'Windows Server 2022 (64-bit)']],
  ['Other', ['Other (32-bit)', 'Other (64-bit)', 'Other Linux (32-bit)', 'Other Linux (64-bit)', 'Other PV (64-bit)']],
  ['Unix', ['FreeBSD 13 (64-bit)', 'FreeBSD 14 (64-bit)']],
  ['Ubuntu', ['Ubuntu 18.04 LTS', 'Ubuntu 20.04 LTS', 'Ubuntu 22.04 LTS', 'Ubuntu 24.04 LTS']],
  ['Rocky Linux', ['Rocky Linux 8', 'Rocky Linux 9']],
  ['AlmaLinux', ['AlmaLinux 8', 'AlmaLinux 9']],
];

export const osTypes: { id: string; categoryId: string; description: string }[] = types.flatMap(([category, names], c) =>
  names.map((description, i) => ({
    id: `00000000-0000-4000-8000-0000000e${String(c + 1).padStart(2, '0')}${String(i + 1).padStart(2, '0')}`,
    categoryId: osCategories.find((k) => k.name === category)?.id as string,
    description,
  })),
);

/** The OS type of CloudStack's simulator template. */
export const SIMULATOR_TEMPLATE_OS = 'CentOS 5.5 (64-bit)';
