import type { AgentHandler } from './handler.ts';
import { unsupported } from './unsupported.ts';

// Placeholders until the KVM driver lands (helper: hypervisor).
export const startVm: AgentHandler<'StartVm'> = unsupported('StartVm');
export const stopVm: AgentHandler<'StopVm'> = unsupported('StopVm');
export const rebootVm: AgentHandler<'RebootVm'> = unsupported('RebootVm');
export const migrateVm: AgentHandler<'MigrateVm'> = unsupported('MigrateVm');
export const getVmStats: AgentHandler<'GetVmStats'> = unsupported('GetVmStats');
