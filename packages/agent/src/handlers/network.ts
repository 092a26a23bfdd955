import { rmSync } from 'node:fs';
import { ensureDnsmasq, stopDnsmasq } from '../network/dnsmasq.ts';
import { deleteLink, ensureBridge } from '../network/links.ts';
import { ensureMetadata, stopMetadata } from '../network/metadata/service.ts';
import { bridgeName, networkDir } from '../network/names.ts';
import { destroyRouter, ensureRouter, guestsAttached, parseCidr } from '../network/router.ts';
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
    const link = await guestLink(ctx, cmd.broadcastUri);
    const { prefix } = ctx.config;
    const dir = networkDir(ctx.config, cmd.networkId);
    const mtu = link?.kind === 'vxlan' ? vxlanMtu : undefined;
    const netns = await ensureRouter(prefix, cmd.networkId, cmd.cidr, cmd.gateway, mtu);
    if (link) await ensureGuestLink(ctx, cmd.networkId, bridgeName(prefix, cmd.networkId), link, cmd.peers);
    // The two services are independent: started side by side. Without guest data the metadata service keeps what it
    // had: the command's sender did not say anything about it.
    const [dnsmasq, metadata] = await Promise.all([
      ensureDnsmasq({ netns, dir, network: parseCidr(cmd.cidr).network, netmask: cmd.netmask, gateway: cmd.gateway, domain: cmd.domain, dns: cmd.dns, leases: cmd.leases, mtu }),
      cmd.guestData ? ensureMetadata(dir, netns, cmd.gateway, cmd.guestData) : undefined,
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
    await Promise.all([stopDnsmasq(dir), stopMetadata(dir), stopLoadBalancer(dir)]);
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
