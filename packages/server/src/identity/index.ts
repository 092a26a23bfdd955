import type { CommandDecl } from '../kernel/command.ts';
import { registerEntityTables } from '../kernel/entities.ts';
import type { Restorer } from '../kernel/jobs.ts';
import { listAccounts } from './commands/list-accounts.ts';
import { login, logout } from './commands/login.ts';
import { getUserKeys, registerUserKeys } from './commands/user-keys.ts';
import { accountCommands } from './commands/account-commands.ts';
import { domainCommands } from './commands/domain-commands.ts';
import { roleCommands } from './commands/role-commands.ts';
import { userCommands } from './commands/user-commands.ts';
import { limitCommands } from './limits/index.ts';

export { bootstrapIdentity } from './bootstrap.ts';
export { createDirectory } from './directory.ts';
export { identitySettings } from './settings.ts';
export { resolveOwner, type Owner } from './owner.ts';
export { registerAccountCleaner, type AccountCleaner, type CleanupStage } from './cleanup.ts';
export { assertAccess, listScope, scopeCondition, type Scope } from './scope.ts';
export { registerResourceCounter, releaseResources, reserveResources, type ResourceCounter, type ResourceCounts, type ResourceType } from './limits/index.ts';

registerEntityTables({ Domain: 'domain', Account: 'account', User: 'user', Role: 'role', RolePermission: 'role_permission' });

export const identityCommands: CommandDecl[] = [
  login,
  logout,
  listAccounts,
  registerUserKeys,
  getUserKeys,
  ...domainCommands,
  ...accountCommands,
  ...userCommands,
  ...roleCommands,
  ...limitCommands,
];

/** How a failed or interrupted job returns identity resources it left in a transitional state. */
export const identityRestorers: Record<string, Restorer> = {
  Domain: async (db, id, state) => {
    await db.updateTable('domain').set({ state }).where('id', '=', id).execute();
  },
  Account: async (db, id, state) => {
    await db.updateTable('account').set({ state }).where('id', '=', id).execute();
  },
};
