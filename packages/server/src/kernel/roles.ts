/** CloudStack's role types, in the order of their built-in role ids (1..4). */
export const RoleType = {
  Admin: 'Admin',
  ResourceAdmin: 'ResourceAdmin',
  DomainAdmin: 'DomainAdmin',
  User: 'User',
} as const;
export type RoleType = (typeof RoleType)[keyof typeof RoleType];
export const roleTypes: readonly RoleType[] = ['Admin', 'ResourceAdmin', 'DomainAdmin', 'User'];

/** Shorthands for command declarations: who may call a command when no role rule says otherwise. */
export const access = {
  all: [RoleType.Admin, RoleType.ResourceAdmin, RoleType.DomainAdmin, RoleType.User] as readonly RoleType[],
  admins: [RoleType.Admin, RoleType.ResourceAdmin, RoleType.DomainAdmin] as readonly RoleType[],
  domainAdmins: [RoleType.Admin, RoleType.DomainAdmin] as readonly RoleType[],
  rootAdmin: [RoleType.Admin] as readonly RoleType[],
  resourceAdmins: [RoleType.Admin, RoleType.ResourceAdmin] as readonly RoleType[],
};

/** CloudStack account types (`accounttype`), which follow from the role type. */
export const AccountType = { User: 0, Admin: 1, DomainAdmin: 2, ResourceAdmin: 3, Project: 5 } as const;

export function accountTypeOf(role: RoleType): number {
  switch (role) {
    case 'Admin':
      return AccountType.Admin;
    case 'DomainAdmin':
      return AccountType.DomainAdmin;
    case 'ResourceAdmin':
      return AccountType.ResourceAdmin;
    case 'User':
      return AccountType.User;
  }
}
