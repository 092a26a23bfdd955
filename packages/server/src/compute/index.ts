import type { DomainModule } from '../kernel/module.ts';
import { sshKeyPairCommands } from './commands/ssh-keypairs.ts';
import { userDataCommands } from './commands/user-data.ts';
import { registerCompute } from './registrations.ts';

export { findVmForAction, vmSummary, type VmRow } from './vms.ts';
export { vmResponse, vmResponses } from './vm-response.ts';

registerCompute();

export const computeModule: DomainModule = {
  name: 'compute',
  commands: [...sshKeyPairCommands, ...userDataCommands],
};
