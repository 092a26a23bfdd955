import { guestStates, runningGuests } from '../hypervisor/kvm/guests.ts';
import { hostHardware, hostUsage } from '../host-stats.ts';
import type { AgentHandler } from './handler.ts';

export const pingHost: AgentHandler<'PingHost'> = async (ctx) => ({ vmStates: await guestStates(ctx) });

export const readyHost: AgentHandler<'ReadyHost'> = async (ctx) => ({
  ...(await hostHardware(ctx.config.localStoragePath)),
  localStoragePath: ctx.config.localStoragePath,
});

export const getHostStats: AgentHandler<'GetHostStats'> = async (ctx) => ({
  ...(await hostUsage()),
  vmCount: (await runningGuests(ctx)).length,
});
