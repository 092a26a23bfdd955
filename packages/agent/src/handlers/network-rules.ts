import { applyRules } from '../network/nat/apply.ts';
import { serialized } from '../network/serialized.ts';
import type { AgentHandler } from './handler.ts';

/** Replaces a network router's public addresses, NAT, firewall and load balancers with the rule set given (idempotent). */
export const applyNetworkRules: AgentHandler<'ApplyNetworkRules'> = (ctx, cmd) =>
  serialized(cmd.networkId, async () => {
    const started = performance.now();
    const applied = await applyRules(ctx.config, cmd);
    ctx.log.info(
      { networkId: cmd.networkId, ...applied, ms: Math.round(performance.now() - started), portForwards: cmd.portForwards.length, staticNats: cmd.staticNats.length, firewall: cmd.firewall.length, egress: cmd.egress.length, loadBalancers: cmd.loadBalancers?.length ?? 0 },
      'network rules applied',
    );
    return {};
  });
