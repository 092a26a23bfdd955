import { rmSync } from 'node:fs';
import { ensureDnsmasq, stopDnsmasq } from '../network/dnsmasq.ts';
import { deleteLink, ensureBridge } from '../network/links.ts';
import { ensureMetadata, stopMetadata } from '../network/metadata/service.ts';
import { bridgeName, networkDir, routerNetns } from '../network/names.ts';
import { checkIpv4, destroyRouter, ensureNetns, ensureRouter, guestsAttached, parseCidr } from '../network/router.ts';
import { allSettled } from '../network/process.ts';
import { serialized } from '../network/serialized.ts';
import { deleteVlanPorts, ensureGuestLink, guestLink } from '../network/vlan.ts';
import { deleteVxlan, vxlanMtu } from '../network/vxlan.ts';
import type { AgentHandler } from './handler.ts';
import { stopLoadBalancer } from '../network/lb/haproxy.ts';
import { forgetPublicSide } from '../network/nat/apply.ts';
import { removeUplink } from '../network/nat/uplink.ts';

/**
 * The network's bridge, router namespace (gateway address) and dnsmasq serving exactly the given leases; on a
 * network that crosses hosts also its VLAN sub-interface, or its VXLAN device towards the peers and the lower MTU
 * for the router and the guests; with guest data, the metadata and password service on the gateway address.
 */
export const setupNetwork: AgentHandler<'SetupNetwork'> = (ctx, cmd) =>
  serialized(cmd.networkId, async () => {
    // Everything the command names is checked before anything is made: a refused command leaves nothing behind.
    const network = parseCidr(cmd.cidr).network;
    checkIpv4('gateway', cmd.gateway);
    const link = await guestLink(ctx, cmd.broadcastUri);
    const { prefix } = ctx.config;
    const dir = networkDir(ctx.config, cmd.networkId);
    const mtu = link?.kind === 'vxlan' ? vxlanMtu : undefined;
    // The metadata service needs only the namespace (it may bind the gateway before eth0 holds it): it is registered
    // while the links, the guest link and dnsmasq come up. Without guest data it keeps what it had: the command's
    // sender did not say anything about it.
    // The guest link (to the other hosts) hangs on the bridge, apart from the router: it comes up beside it.
    const bridge = bridgeName(prefix, cmd.networkId);
    await ensureBridge(bridge);
    const fresh = await ensureNetns(prefix, cmd.networkId);
    const netns = routerNetns(prefix, cmd.networkId);
    const [dnsmasq, metadata] = await allSettled([
      (async () => {
        await ensureRouter(prefix, cmd.networkId, cmd.cidr, cmd.gateway, mtu ?? 1500, fresh);
        return ensureDnsmasq({ netns, dir, network, netmask: cmd.netmask, gateway: cmd.gateway, domain: cmd.domain, dns: cmd.dns, leases: cmd.leases, mtu });
      })(),
      cmd.guestData ? ensureMetadata(dir, netns, cmd.gateway, cmd.guestData) : Promise.resolve(undefined),
      link ? ensureGuestLink(ctx, cmd.networkId, bridge, link, cmd.peers) : Promise.resolve(),
    ]);
    ctx.log.info({ networkId: cmd.networkId, netns, link, peers: cmd.peers, leases: cmd.leases.length, dnsmasq, metadata }, 'network set up');
    return {};
  });

/**
 * Removes everything SetupNetwork (or plugNic, on a host without the router) made; a network this host never had is
 * fine. The bridge and its VLAN or VXLAN link stay while guests of this host still hang on it: a router stopped or
 * rebuilt under running guests must not cut them off.
 */
export const destroyNetwork: AgentHandler<'DestroyNetwork'> = (ctx, cmd) =>
  serialized(cmd.networkId, async () => {
    const { prefix } = ctx.config;
    const dir = networkDir(ctx.config, cmd.networkId);
    const guestsStay = await guestsAttached(prefix, cmd.networkId);
    await allSettled([stopDnsmasq(dir), stopMetadata(dir), stopLoadBalancer(dir)]);
    forgetPublicSide(cmd.networkId);
    // The uplink's host end goes first: a namespace's teardown is asynchronous and would leave it for a quick rebuild.
    await removeUplink(prefix, cmd.networkId);
    await destroyRouter(prefix, cmd.networkId);
    if (!guestsStay) {
      const bridge = bridgeName(prefix, cmd.networkId);
      await deleteVxlan(prefix, cmd.networkId);
      await deleteVlanPorts(bridge);
      await deleteLink(bridge);
    }
    rmSync(dir, { recursive: true, force: true });
    ctx.log.info({ networkId: cmd.networkId, guestsStay }, 'network destroyed');
    return {};
  });

/** The network's bridge and its VLAN sub-interface or VXLAN device on a host carrying it (VXLAN flooding to exactly the peers given). */
export const setNetworkPeers: AgentHandler<'SetNetworkPeers'> = (ctx, cmd) =>
  serialized(cmd.networkId, async () => {
    const link = await guestLink(ctx, cmd.broadcastUri);
    if (!link) throw new Error(`network ${cmd.networkId} has no guest VLAN (${cmd.broadcastUri})`);
    const bridge = bridgeName(ctx.config.prefix, cmd.networkId);
    await ensureBridge(bridge);
    await ensureGuestLink(ctx, cmd.networkId, bridge, link, cmd.peers);
    return {};
  });
