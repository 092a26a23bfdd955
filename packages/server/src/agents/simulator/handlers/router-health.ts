import type { RouterCheck } from '@nimbus/protocol';
import type { Handler } from './handler.ts';

/** A simulated router is healthy where it was set up; a host that never set it up (or lost it) says so. */
export const checkRouterHealth: Handler<'CheckRouterHealth'> = (sim, host, cmd) => {
  const router = sim.routers.get(cmd.networkId);
  const here = router?.hostId === host.id;
  const checks: RouterCheck[] = [
    { name: 'router_namespace', type: 'basic', success: here, details: here ? `simulated router on ${host.name}` : `no router of network ${cmd.networkId} on ${host.name}` },
  ];
  if (here) checks.push({ name: 'dnsmasq', type: 'basic', success: true, details: `${router.leases.length} leases` });
  return { ok: true, checks };
};
