import type { CommandDecl } from '../../kernel/command.ts';
import { createUser } from './user-create.ts';
import { deleteUser } from './user-delete.ts';
import { listUsers } from './user-list.ts';
import { disableUser, enableUser, lockUser } from './user-state.ts';
import { updateUser } from './user-update.ts';

/** The user commands, each declared in its own file beside this one. */
export const userCommands: CommandDecl[] = [createUser, listUsers, updateUser, deleteUser, disableUser, enableUser, lockUser];
