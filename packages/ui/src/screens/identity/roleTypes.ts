// The role types createRole takes, as CloudStack's UI offers them.
export const roleTypes = ['Admin', 'ResourceAdmin', 'DomainAdmin', 'User'];
