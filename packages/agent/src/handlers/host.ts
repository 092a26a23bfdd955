import type { AgentHandler } from './handler.ts';
import { unsupported } from './unsupported.ts';

// Placeholders until the KVM driver lands (helper: hypervisor).
export const pingHost: AgentHandler<'PingHost'> = unsupported('PingHost');
export const readyHost: AgentHandler<'ReadyHost'> = unsupported('ReadyHost');
export const getHostStats: AgentHandler<'GetHostStats'> = unsupported('GetHostStats');
