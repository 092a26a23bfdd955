import type { Kysely } from 'kysely';
import type { AgentCommand, CommandOfKind } from '@nimbus/protocol';
import type { Database } from '../db/schema.ts';
import { agents } from '../agents/index.ts';
import { guestFacts } from './guest-data.ts';
import { keyedQueue } from '@nimbus/protocol';
import { routerHost, ruleSet, ruleWork } from './rules/apply.ts';
import { assignSourceNat, unassignSourceNat } from './rules/source-nat.ts';
import { networkTransport } from './transport.ts';
import { releaseGuestVlan, takeGuestVlan } from './vni.ts';

type Db = Kysely<Database>;

/** Hostnames a DHCP lease may carry: CloudStack's VM names are already DNS labels; anything else is cut down to one. */
const label = (name: string) => name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'vm';

/** What the router of a network should serve: its addressing and a fixed lease for every NIC of a live VM. */
export async function routerSetup(db: Db, networkId: string, routerHostId: string, alsoOn: string[] = []): Promise<CommandOfKind<'SetupNetwork'>> {
  const transport = (await networkTransport(db, [networkId], routerHostId, alsoOn)).get(networkId);
  const network = await db.selectFrom('network').selectAll().where('id', '=', networkId).executeTakeFirstOrThrow();
  const nics = await db
    .selectFrom('nic')
    .innerJoin('vm_instance', 'vm_instance.id', 'nic.vm_id')
    .select(['nic.mac_address', 'nic.ip_address', 'vm_instance.name', 'vm_instance.id as vm_id'])
    .where('nic.network_id', '=', networkId)
    .where('vm_instance.state', 'not in', ['Destroyed', 'Expunging', 'Error'])
    .orderBy('nic.ip_address')
    .execute();
  const [facts, publicIps] = await Promise.all([
    guestFacts(db, nics.map((n) => n.vm_id)),
    db.selectFrom('network_ip').innerJoin('public_ip', 'public_ip.id', 'network_ip.id').select(['public_ip.address', 'network_ip.is_source_nat', 'network_ip.static_nat_vm_ip']).where('network_ip.network_id', '=', networkId).execute(),
  ]);
  const sourceNat = publicIps.find((p) => p.is_source_nat === 1)?.address;
  const publicOf = (ip: string) => publicIps.find((p) => p.static_nat_vm_ip === ip)?.address ?? sourceNat;
  return {
    kind: 'SetupNetwork',
    networkId,
    cidr: network.cidr,
    gateway: network.gateway,
    netmask: network.netmask,
    domain: network.network_domain ?? undefined,
    dns: [network.dns1, network.dns2].filter((d): d is string => !!d),
    leases: nics.map((n) => ({ mac: n.mac_address, ip: n.ip_address, hostname: label(n.name) })),
    broadcastUri: transport?.broadcastUri,
    peers: transport?.peers,
    guestData: nics.map((n) => {
      const f = facts.get(n.vm_id);
      const publicIp = publicOf(n.ip_address);
      const metaData: Record<string, string> = { ...f?.metaData, 'local-ipv4': n.ip_address, 'local-hostname': label(n.name) };
      if (publicIp) Object.assign(metaData, { 'public-ipv4': publicIp, 'public-hostname': publicIp });
      return { ip: n.ip_address, userData: f?.userData, metaData, publicKeys: f?.publicKeys ?? [], password: f?.password };
    }),
  };
}

/** Implementing, shutting down and rebuilding a network take turns (in this server). */
export const networkWork = keyedQueue();

/**
 * Before a VM starts on `hostId` (or arrives by migration on `alsoOn`): each of its networks is implemented (takes
 * its guest VLAN when it has none) and its router runs (on `hostId` when it has none, or its host is not Up), has
 * the VM's lease and floods to the VM's host, so the guest gets its address by DHCP as soon as it boots. A router
 * built anew (first start, or after the garbage collector shut the network down) also gets the network's rule set.
 * Implementing an isolated network also gives it its source NAT address (rules/source-nat.ts), sent to the router
 * with the rule set, so the guest reaches out as soon as it boots. A network that cannot be implemented fails the
 * start, and gives back the VLAN and the source NAT address it took for it.
 */
export async function prepareNetworks(db: Db, vmId: string, hostId: string, alsoOn: string[] = []): Promise<void> {
  const nets = await db
    .selectFrom('nic')
    .innerJoin('network', 'network.id', 'nic.network_id')
    .select(['network.id', 'network.zone_id', 'network.name', 'network.account_id', 'network.domain_id', 'network.guest_type'])
    .where('nic.vm_id', '=', vmId)
    .execute();
  for (const network of nets) {
    const host = await networkWork(network.id, async () => {
      const state = await db.selectFrom('network').select('state').where('id', '=', network.id).executeTakeFirstOrThrow();
      const vlan = await takeGuestVlan(db, network);
      let sourceNat: string | undefined;
      try {
        // Only an implement takes the address, as in CloudStack: a network implemented in a zone that had no
        // public range then stays guest-only until associateIpAddress gives it one.
        if (state.state !== 'Implemented') sourceNat = await ruleWork(network.id, () => assignSourceNat(db, network));
        const placed = await db.selectFrom('network_router').select('host_id').where('network_id', '=', network.id).executeTakeFirst();
        const host = await routerHost(db, network, hostId);
        const send = <C extends AgentCommand>(cmd: C) => agents().send(host, cmd, { timeoutMs: 60_000 });
        await send(await routerSetup(db, network.id, host, alsoOn));
        if (sourceNat || !placed || placed.host_id !== host) {
          const rules = await ruleSet(db, network.id);
          if (rules.publicIps.length > 0 || rules.egress.length > 0) await send(rules);
        }
        await db
          .insertInto('network_router')
          .values({ network_id: network.id, host_id: host, id: crypto.randomUUID(), created: new Date().toISOString(), state: 'Running' })
          .onConflict((oc) => oc.column('network_id').doUpdateSet({ host_id: host, state: 'Running' }))
          .execute();
        await db.updateTable('network').set({ state: 'Implemented' }).where('id', '=', network.id).execute();
        await db.updateTable('guest_vlan').set({ idle_since: null }).where('network_id', '=', network.id).execute();
        return host;
      } catch (e) {
        const taken = sourceNat;
        if (taken) await ruleWork(network.id, () => unassignSourceNat(db, network.account_id, taken));
        if (vlan.fresh) await releaseGuestVlan(db, network.id);
        throw e;
      }
    });
    await refreshPeers(db, network.id, [host], alsoOn);
  }
}

/**
 * Every host running VMs of the network, but those in `skip`, learns the hosts that carry the network now (a host
 * that joined later is otherwise reached only once its guests spoke first). Best effort: a host that misses it still
 * reaches the router, which floods to everyone.
 */
async function refreshPeers(db: Db, networkId: string, skip: string[], alsoOn: string[]): Promise<void> {
  const hosts = await db
    .selectFrom('nic')
    .innerJoin('vm_instance', 'vm_instance.id', 'nic.vm_id')
    .select('vm_instance.host_id')
    .distinct()
    .where('nic.network_id', '=', networkId)
    .where('vm_instance.host_id', 'is not', null)
    .where('vm_instance.state', 'in', ['Running', 'Migrating', 'Stopping'])
    .execute();
  for (const { host_id } of hosts) {
    const hostId = host_id as string;
    if (skip.includes(hostId)) continue;
    const t = (await networkTransport(db, [networkId], hostId, alsoOn)).get(networkId);
    if (!t?.broadcastUri) continue;
    await agents()
      .send(hostId, { kind: 'SetNetworkPeers', networkId, broadcastUri: t.broadcastUri, peers: t.peers }, { timeoutMs: 30_000 })
      .catch(() => undefined);
  }
}

/** A network that goes takes its router with it (best effort: a host that cannot be reached keeps a stale one). */
export async function destroyRouter(db: Db, networkId: string, log: { warn(o: object, msg: string): void }): Promise<void> {
  const placed = await db.selectFrom('network_router').select('host_id').where('network_id', '=', networkId).executeTakeFirst();
  if (!placed) return;
  try {
    await agents().send(placed.host_id, { kind: 'DestroyNetwork', networkId }, { timeoutMs: 60_000 });
  } catch (e) {
    log.warn({ networkId, hostId: placed.host_id, err: e }, 'could not remove the router of a deleted network');
  }
  await db.deleteFrom('network_router').where('network_id', '=', networkId).execute();
}

/**
 * restartNetwork: the router gets its whole description again (leases, guest data, rules); with `cleanup` it is first
 * removed from its host, so nothing of the old one survives. A network whose router was never set up (or was shut
 * down) has nothing to do.
 */
export function rebuildRouter(db: Db, network: { id: string; zone_id: string; name: string }, cleanup: boolean): Promise<void> {
  return networkWork(network.id, () => rebuild(db, network, cleanup));
}

async function rebuild(db: Db, network: { id: string; zone_id: string; name: string }, cleanup: boolean): Promise<void> {
  const placed = await db.selectFrom('network_router').select('host_id').where('network_id', '=', network.id).executeTakeFirst();
  if (!placed) return;
  const host = await routerHost(db, network);
  const send = <C extends AgentCommand>(cmd: C) => agents().send(host, cmd, { timeoutMs: 60_000 });
  if (cleanup) await send({ kind: 'DestroyNetwork', networkId: network.id });
  await send(await routerSetup(db, network.id, host));
  const rules = await ruleSet(db, network.id);
  if (rules.publicIps.length > 0 || rules.egress.length > 0) await send(rules);
  await db.updateTable('network_router').set({ state: 'Running' }).where('network_id', '=', network.id).execute();
}
