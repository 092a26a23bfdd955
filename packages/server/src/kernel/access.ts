import type { Caller, CommandDecl } from './command.ts';
import type { Directory } from './directory.ts';

/** A role permission rule (`listVirtualMachines`, `list*`, `*Vpn*`) as CloudStack matches it: `*` is any word part. */
export function ruleMatches(rule: string, command: string): boolean {
  const pattern = rule.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('\\w*');
  return new RegExp(`^${pattern}$`).test(command);
}

export function isValidRule(rule: string): boolean {
  return /^[a-zA-Z0-9*]+$/.test(rule);
}

/**
 * CloudStack's dynamic role check: the built-in Root Admin role may call anything; otherwise the role's rules are
 * read in order and the first that matches decides; with no match, the command's declared role types decide.
 */
export async function mayCall(directory: Directory, caller: Caller, decl: CommandDecl): Promise<boolean> {
  if (caller.isRootAdminRole) return true;
  for (const { rule, permission } of await directory.rolePermissions(caller.roleId)) {
    if (ruleMatches(rule, decl.name)) return permission === 'allow';
  }
  return decl.access.includes(caller.roleType);
}
