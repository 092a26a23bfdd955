import { rmSync } from 'node:fs';
import { ensureDnsmasq, stopDnsmasq } from '../network/dnsmasq.ts';
import { networkDir } from '../network/names.ts';
import { destroyRouter, ensureRouter, parseCidr } from '../network/router.ts';
import type { AgentHandler } from './handler.ts';

// Commands for one network run one at a time: the server sends SetupNetwork before every VM start, so parallel
// deploys on a network would otherwise race on its namespace, veth and dnsmasq.
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(networkId: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(networkId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(networkId, settled);
  void settled.then(() => {
    if (queues.get(networkId) === settled) queues.delete(networkId);
  });
  return next;
}

/** The network's bridge, router namespace (gateway address) and dnsmasq serving exactly the given leases. */
export const setupNetwork: AgentHandler<'SetupNetwork'> = (ctx, cmd) =>
  serialized(cmd.networkId, async () => {
    const { prefix } = ctx.config;
    const dir = networkDir(ctx.config, cmd.networkId);
    const netns = await ensureRouter(prefix, cmd.networkId, cmd.cidr, cmd.gateway);
    const dnsmasq = await ensureDnsmasq({
      netns,
      dir,
      network: parseCidr(cmd.cidr).network,
      netmask: cmd.netmask,
      gateway: cmd.gateway,
      domain: cmd.domain,
      dns: cmd.dns,
      leases: cmd.leases,
    });
    ctx.log.info({ networkId: cmd.networkId, netns, leases: cmd.leases.length, dnsmasq }, 'network set up');
    return {};
  });

/** Removes everything SetupNetwork made; a network this host never had is fine. */
export const destroyNetwork: AgentHandler<'DestroyNetwork'> = (ctx, cmd) =>
  serialized(cmd.networkId, async () => {
    const dir = networkDir(ctx.config, cmd.networkId);
    await stopDnsmasq(dir);
    await destroyRouter(ctx.config.prefix, cmd.networkId);
    rmSync(dir, { recursive: true, force: true });
    ctx.log.info({ networkId: cmd.networkId }, 'network destroyed');
    return {};
  });
