import { randomBytes } from 'node:crypto';
import { run } from '../exec.ts';
import type { AgentContext } from '../handlers/handler.ts';
import { bridgePorts, deleteLink, linkExists } from './links.ts';
import { deleteVxlan, ensureVxlan, maxVni } from './vxlan.ts';

// A guest network crosses hosts under its guest VLAN id, as CloudStack's KVM agent carries it: `vlan://<id>` as an
// 802.1Q sub-interface `<trunk>.<id>` of the guest traffic interface, a port of the network's bridge, where the
// kernel has 802.1Q and the operator named that interface; otherwise (and for `vxlan://<id>`) as a VXLAN device with
// VNI = id, so that a network keeps working on a host without 802.1Q (this test machine's kernel has none).

const maxLinkName = 15;

/** How a network's bridge reaches the other hosts. */
export type GuestLink = { kind: 'vlan'; id: number; trunk: string } | { kind: 'vxlan'; vni: number };

/** The scheme and id of a broadcast URI (`vlan://100`, `vxlan://5001`); undefined when there is none (one host only). */
export function parseBroadcastUri(uri: string | undefined): { scheme: 'vlan' | 'vxlan'; id: number } | undefined {
  if (uri === undefined) return undefined;
  const m = /^(vlan|vxlan):\/\/(\d{1,8})$/i.exec(uri);
  const scheme = m?.[1].toLowerCase() as 'vlan' | 'vxlan' | undefined;
  const id = m ? Number(m[2]) : NaN;
  if (scheme === 'vlan' && id >= 1 && id <= 4094) return { scheme, id };
  if (scheme === 'vxlan' && id >= 1 && id <= maxVni) return { scheme, id };
  throw new Error(`broadcast URI '${uri}' is not supported: this agent carries networks between hosts as vlan://<id> (1 to 4094) or vxlan://<id> (1 to ${maxVni})`);
}

/** The 802.1Q sub-interface of the trunk for a VLAN id: `<trunk>.<id>`, CloudStack's KVM naming. */
export function vlanDevice(trunk: string, id: number): string {
  const dev = `${trunk}.${id}`;
  if (dev.length > maxLinkName) throw new Error(`VLAN device ${dev} of guest interface ${trunk} is longer than ${maxLinkName} characters: use a shorter interface name`);
  return dev;
}

/**
 * The `ip` commands (argv arrays) that put VLAN `id` of `trunk` on `bridge`: the trunk up, the sub-interface made
 * unless it `exists`, and it enslaved to the bridge, up.
 */
export function vlanCommands(trunk: string, id: number, bridge: string, exists: boolean): string[][] {
  const dev = vlanDevice(trunk, id);
  return [
    ['ip', 'link', 'set', 'dev', trunk, 'up'],
    ...(exists ? [] : [['ip', 'link', 'add', 'link', trunk, 'name', dev, 'type', 'vlan', 'id', String(id)]]),
    ['ip', 'link', 'set', 'dev', dev, 'master', bridge, 'up'],
  ];
}

async function runAll(commands: string[][]): Promise<void> {
  for (const [file, ...args] of commands) await run(file, args);
}

/** Whether the kernel makes 802.1Q devices on a trunk, tried once per trunk by making (and removing) one. */
const support = new Map<string, Promise<{ ok: true } | { ok: false; why: string }>>();

export function vlanSupport(prefix: string, trunk: string): Promise<{ ok: true } | { ok: false; why: string }> {
  let tried = support.get(trunk);
  if (!tried) {
    tried = (async () => {
      const probe = `${prefix}q${randomBytes(2).toString('hex')}`;
      try {
        await run('ip', ['link', 'add', 'link', trunk, 'name', probe, 'type', 'vlan', 'id', '4094']);
        await deleteLink(probe);
        return { ok: true as const };
      } catch (err) {
        // Another device already holding VLAN 4094 of the trunk means the kernel has 802.1Q.
        if (/File exists/.test((err as Error).message)) return { ok: true as const };
        return { ok: false as const, why: (err as Error).message };
      }
    })();
    support.set(trunk, tried);
  }
  return tried;
}

/** Reasons already logged: the fallback to VXLAN is said once, not at every command. */
const told = new Set<string>();

/** How this host carries the network of a broadcast URI (undefined: it stays on this host). */
export async function guestLink(ctx: AgentContext, uri: string | undefined): Promise<GuestLink | undefined> {
  const parsed = parseBroadcastUri(uri);
  if (!parsed) return undefined;
  if (parsed.scheme === 'vxlan') return { kind: 'vxlan', vni: parsed.id };
  const trunk = ctx.config.guestInterface;
  const tried = trunk ? await vlanSupport(ctx.config.prefix, trunk) : { ok: false as const, why: 'no guest interface is configured (--guest-interface)' };
  if (trunk && tried.ok) return { kind: 'vlan', id: parsed.id, trunk };
  const why = tried.ok ? '' : tried.why;
  if (!told.has(why)) {
    told.add(why);
    ctx.log.warn({ guestInterface: trunk, why }, 'vlan:// networks travel as VXLAN with VNI = VLAN id: this host cannot use 802.1Q');
  }
  return { kind: 'vxlan', vni: parsed.id };
}

/** The 802.1Q ports of a bridge; removing a network's bridge leaves them behind. */
export async function deleteVlanPorts(bridge: string): Promise<void> {
  for (const port of await bridgePorts(bridge)) if (port.kind === 'vlan') await deleteLink(port.name);
}

/**
 * The network's bridge joined to the other hosts through `link` (the bridge exists): its VLAN sub-interface, or its
 * VXLAN device flooding to `peers`; whatever carried it the other way before goes.
 */
export async function ensureGuestLink(ctx: AgentContext, networkId: string, bridge: string, link: GuestLink, peers?: string[]): Promise<void> {
  const { prefix } = ctx.config;
  if (link.kind === 'vxlan') {
    await deleteVlanPorts(bridge);
    await ensureVxlan({ prefix, networkId, vni: link.vni, local: ctx.config.address, bridge, peers });
    return;
  }
  await deleteVxlan(prefix, networkId);
  const dev = vlanDevice(link.trunk, link.id);
  for (const port of await bridgePorts(bridge)) if (port.kind === 'vlan' && port.name !== dev) await deleteLink(port.name);
  await runAll(vlanCommands(link.trunk, link.id, bridge, await linkExists(dev)));
}
