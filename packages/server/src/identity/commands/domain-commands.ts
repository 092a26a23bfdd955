import type { CommandDecl } from '../../kernel/command.ts';
import { createDomain } from './create-domain.ts';
import { deleteDomain } from './delete-domain.ts';
import { listDomainChildren, listDomains } from './list-domains.ts';
import { updateDomain } from './update-domain.ts';

/** The domain commands, each declared in its own file beside this one. */
export const domainCommands: CommandDecl[] = [createDomain, listDomains, listDomainChildren, updateDomain, deleteDomain];
