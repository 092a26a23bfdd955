import type { AgentHandler } from './handler.ts';
import { unsupported } from './unsupported.ts';

// Placeholders until the network layer lands (helper: network).
export const setupNetwork: AgentHandler<'SetupNetwork'> = unsupported('SetupNetwork');
export const destroyNetwork: AgentHandler<'DestroyNetwork'> = unsupported('DestroyNetwork');
