import type { DomainModule } from '../kernel/module.ts';
import { sshKeyPairCommands } from './commands/ssh-keypairs.ts';
import { userDataCommands } from './commands/user-data.ts';

export const computeModule: DomainModule = {
  name: 'compute',
  commands: [...sshKeyPairCommands, ...userDataCommands],
};
