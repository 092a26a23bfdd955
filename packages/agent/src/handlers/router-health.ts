import type { RouterCheck } from '@nimbus/protocol';
import { run } from '../exec.ts';
import { runningDnsmasq } from '../network/dnsmasq.ts';
import { runningLoadBalancer } from '../network/lb/haproxy.ts';
import { metadataStatus } from '../network/metadata/service.ts';
import { networkDir, routerNetns } from '../network/names.ts';
import { tableName } from '../network/nat/ruleset.ts';
import { inNetns } from '../network/process.ts';
import { netnsExists } from '../network/router.ts';
import type { AgentHandler } from './handler.ts';

const check = (name: string, type: RouterCheck['type'], success: boolean, details: string): RouterCheck => ({ name, type, success, details });

/** Whether a daemon found by its pid file serves this router (it runs, and in the router's namespace). */
function daemon(name: string, found: { pid: number } | undefined, netns: string, type: RouterCheck['type'] = 'basic'): RouterCheck {
  if (!found) return check(name, type, false, `${name} is not running`);
  if (!inNetns(found.pid, netns)) return check(name, type, false, `${name} (pid ${found.pid}) runs outside the router's namespace ${netns}`);
  return check(name, type, true, `${name} runs as pid ${found.pid}`);
}

/**
 * The router's health as CloudStack's router health checks report it: each piece the router needs, checked where it
 * runs. Nothing is repaired here: restartNetwork does that.
 */
export const checkRouterHealth: AgentHandler<'CheckRouterHealth'> = async (ctx, cmd) => {
  const netns = routerNetns(ctx.config.prefix, cmd.networkId);
  if (!(await netnsExists(netns))) return { checks: [check('router_namespace', 'basic', false, `the router's namespace ${netns} does not exist on this host`)] };
  const dir = networkDir(ctx.config, cmd.networkId);
  const addresses = (await run('ip', ['-n', netns, '-4', '-o', 'addr', 'show', 'dev', 'eth0']).catch(() => ({ stdout: '' }))).stdout;
  const hasGateway = addresses.split('\n').some((l) => l.split(/\s+/)[3]?.split('/')[0] === cmd.gateway);
  const checks = [
    check('router_namespace', 'basic', true, `namespace ${netns}`),
    check('gateway_address', 'basic', hasGateway, hasGateway ? `eth0 holds ${cmd.gateway}` : `eth0 does not hold the gateway ${cmd.gateway}`),
    daemon('dnsmasq', runningDnsmasq(dir), netns),
  ];
  const metadata = await metadataStatus(dir, netns);
  checks.push(check('metadata_service', 'basic', metadata.success, metadata.details));
  if (cmd.expectRules) {
    const table = await run('ip', ['netns', 'exec', netns, 'nft', 'list', 'table', 'ip', tableName]).then(
      () => true,
      () => false,
    );
    checks.push(check('nat_firewall_table', 'advanced', table, table ? `nftables table ip ${tableName} is loaded` : `nftables table ip ${tableName} is missing`));
  }
  if (cmd.expectLoadBalancer) checks.push(daemon('haproxy', runningLoadBalancer(dir), netns, 'advanced'));
  return { checks };
};
