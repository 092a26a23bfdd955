import type { AgentHandler } from './handler.ts';
import { unsupported } from './unsupported.ts';

// Placeholders until the KVM driver lands (helper: hypervisor).
export const createVolume: AgentHandler<'CreateVolume'> = unsupported('CreateVolume');
export const deleteVolume: AgentHandler<'DeleteVolume'> = unsupported('DeleteVolume');
export const resizeVolume: AgentHandler<'ResizeVolume'> = unsupported('ResizeVolume');
export const attachVolume: AgentHandler<'AttachVolume'> = unsupported('AttachVolume');
export const detachVolume: AgentHandler<'DetachVolume'> = unsupported('DetachVolume');
