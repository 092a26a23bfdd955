import type { CommandDecl } from '../../kernel/command.ts';
import { createRole } from './role-create.ts';
import { deleteRole } from './role-delete.ts';
import { listRoles } from './role-list.ts';
import { createRolePermission, deleteRolePermission, listRolePermissions, updateRolePermission } from './role-permissions.ts';
import { updateRole } from './role-update.ts';

/** The role commands, each declared in its own file beside this one. */
export const roleCommands: CommandDecl[] = [
  createRole,
  listRoles,
  updateRole,
  deleteRole,
  createRolePermission,
  listRolePermissions,
  updateRolePermission,
  deleteRolePermission,
];
