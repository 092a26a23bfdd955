import type { DomainModule } from '../kernel/module.ts';
import { deployVirtualMachine } from './commands/deploy-vm.ts';
import { listVirtualMachines } from './commands/list-vms.ts';
import { sshKeyPairCommands } from './commands/ssh-keypairs.ts';
import { userDataCommands } from './commands/user-data.ts';
import { accessCommands } from './commands/vm-access.ts';
import { createConsoleEndpoint } from './commands/vm-console.ts';
import { destroyCommands } from './commands/vm-destroy.ts';
import { isoCommands } from './commands/vm-iso.ts';
import { moveCommands } from './commands/vm-move.ts';
import { powerCommands } from './commands/vm-power.ts';
import { scaleCommands } from './commands/vm-scale.ts';
import { updateCommands } from './commands/vm-update.ts';
import { agents } from '../agents/index.ts';
import { startExpunger } from './expunger.ts';
import { powerReconciler } from './power.ts';
import { registerCompute } from './registrations.ts';
import { restoreVm } from './restore.ts';
import { computeSettings } from './settings.ts';
import { registerComputeCleaners } from './cleanup.ts';

export { findVmForAction, vmSummary, type VmRow } from './vms.ts';
export { vmResponse, vmResponses } from './vm-response.ts';

registerCompute();
registerComputeCleaners();

export const computeModule: DomainModule = {
  name: 'compute',
  commands: [
    deployVirtualMachine,
    listVirtualMachines,
    ...powerCommands,
    ...destroyCommands,
    ...updateCommands,
    ...scaleCommands,
    ...accessCommands,
    createConsoleEndpoint,
    ...moveCommands,
    ...isoCommands,
    ...sshKeyPairCommands,
    ...userDataCommands,
  ],
  settings: computeSettings,
  restorers: { VirtualMachine: restoreVm },
  async start(kernel) {
    agents().onPowerReport = powerReconciler(kernel);
    return startExpunger(kernel);
  },
};
