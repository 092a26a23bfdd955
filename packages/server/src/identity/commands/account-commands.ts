import type { CommandDecl } from '../../kernel/command.ts';
import { disableAccount, enableAccount, lockAccount } from './account-state.ts';
import { createAccount } from './create-account.ts';
import { deleteAccount } from './delete-account.ts';
import { updateAccount } from './update-account.ts';

/** The account commands, each declared in its own file beside this one. */
export const accountCommands: CommandDecl[] = [createAccount, updateAccount, deleteAccount, disableAccount, enableAccount, lockAccount];
