import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { everyInterval } from '../kernel/periodic.ts';
import type { SettingDecl } from '../kernel/settings-store.ts';
import { recordEvent } from '../kernel/events.ts';
import type { Caller } from '../kernel/command.ts';
import { agents } from '../agents/index.ts';
import { networkWork } from './router.ts';
import { releaseGuestVlan } from './vni.ts';

type Db = Kysely<Database>;


/** States in which a VM uses its networks: a network with none of them is idle. */
const LIVE_STATES = ['Starting', 'Running', 'Stopping', 'Migrating'];

export const networkSettings: SettingDecl[] = [
  {
    name: 'network.gc.wait',
    category: 'Advanced',
    description: 'Time (in seconds) to wait before shutting down a network that is not in use',
    type: 'Integer',
    defaultValue: '600',
    scopes: [],
    isDynamic: true,
    min: 0,
  },
  {
    name: 'network.gc.interval',
    category: 'Advanced',
    description: 'Seconds to wait before checking for networks to shutdown',
    type: 'Integer',
    defaultValue: '600',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
];

interface Candidate {
  id: string;
  name: string;
  zone_id: string;
  uri: string;
  idle_since: string | null;
}

async function hasLiveVm(db: Db, networkId: string): Promise<boolean> {
  const live = await db
    .selectFrom('nic')
    .innerJoin('vm_instance', 'vm_instance.id', 'nic.vm_id')
    .select('nic.id')
    .where('nic.network_id', '=', networkId)
    .where('vm_instance.state', 'in', LIVE_STATES)
    .limit(1)
    .executeTakeFirst();
  return live !== undefined;
}

/**
 * Shuts an idle network down, as CloudStack's network garbage collector does: its router is removed from its host
 * (and its bridge from the hosts its VMs last ran on), the router row goes, the guest VLAN goes back to its range and
 * the network is `Allocated` again; its NICs, public IPs and rules stay, for the next start to rebuild the router
 * with. Skipped (false) when a VM started meanwhile, or the router's host could not remove it (the VLAN must not go
 * to another network while a bridge still carries it): the next run tries again.
 */
export function shutdownNetwork(db: Db, network: Candidate, o: { log: Logger; caller: Caller; waitSeconds: number }): Promise<boolean> {
  return networkWork(network.id, async () => {
    const current = await db.selectFrom('network').select('state').where('id', '=', network.id).executeTakeFirst();
    if (current?.state !== 'Implemented' || (await hasLiveVm(db, network.id))) return false;
    const router = await db.selectFrom('network_router').select(['host_id', 'id']).where('network_id', '=', network.id).executeTakeFirst();
    if (router) {
      try {
        await agents().send(router.host_id, { kind: 'DestroyNetwork', networkId: network.id }, { timeoutMs: 60_000 });
      } catch (err) {
        o.log.warn({ err, networkId: network.id, hostId: router.host_id }, 'could not shut down the router of an idle network; trying again at the next run');
        return false;
      }
    }
    const lastHosts = await db
      .selectFrom('nic')
      .innerJoin('vm_instance', 'vm_instance.id', 'nic.vm_id')
      .select('vm_instance.last_host_id')
      .distinct()
      .where('nic.network_id', '=', network.id)
      .where('vm_instance.last_host_id', 'is not', null)
      .execute();
    for (const { last_host_id } of lastHosts) {
      const hostId = last_host_id as string;
      if (hostId === router?.host_id || agents().stateOf(hostId) !== 'Up') continue;
      // Best effort: a bridge left behind is re-pointed (or removed) by the next SetupNetwork or DestroyNetwork.
      await agents()
        .send(hostId, { kind: 'DestroyNetwork', networkId: network.id }, { timeoutMs: 60_000 })
        .catch((err: unknown) => o.log.warn({ err, networkId: network.id, hostId }, 'could not remove the bridge of an idle network'));
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('network_router').where('network_id', '=', network.id).execute();
      await releaseGuestVlan(trx, network.id);
      await trx.updateTable('network').set({ state: 'Allocated' }).where('id', '=', network.id).execute();
    });
    // CloudStack has no event of its own for a network shutdown: the router's destruction is what it records.
    await recordEvent(db, {
      caller: o.caller,
      type: 'ROUTER.DESTROY',
      state: 'Completed',
      level: 'INFO',
      description: `network ${network.name} shut down after ${o.waitSeconds} s without a running VM: router removed, guest VLAN ${network.uri} released`,
      resourceType: 'Network',
      resourceId: network.id,
    });
    o.log.info({ networkId: network.id, broadcastUri: network.uri }, 'idle network shut down');
    return true;
  });
}

/**
 * One garbage collector run: an implemented network of a non-persistent offering without a live VM is marked idle,
 * and shut down once it has been idle `waitSeconds`; a network whose VM runs again loses its mark. Returns how
 * many networks were shut down.
 */
export async function collectNetworks(db: Db, waitSeconds: number, o: { log: Logger; caller: () => Promise<Caller> }): Promise<number> {
  const now = new Date();
  const cutoff = new Date(now.getTime() - waitSeconds * 1000).toISOString();
  const implemented: Candidate[] = await db
    .selectFrom('network')
    .innerJoin('guest_vlan', 'guest_vlan.network_id', 'network.id')
    .innerJoin('network_offering', 'network_offering.id', 'network.network_offering_id')
    .select(['network.id', 'network.name', 'network.zone_id', 'guest_vlan.uri', 'guest_vlan.idle_since'])
    .where('network.state', '=', 'Implemented')
    .where('network_offering.is_persistent', '=', 0)
    .orderBy('network.created')
    .limit(500)
    .execute();
  let done = 0;
  for (const n of implemented) {
    const live = await hasLiveVm(db, n.id);
    if (live || n.idle_since === null) {
      const mark = live ? null : now.toISOString();
      if (mark !== n.idle_since) await db.updateTable('guest_vlan').set({ idle_since: mark }).where('network_id', '=', n.id).execute();
      if (live || waitSeconds > 0) continue;
    } else if (n.idle_since > cutoff) continue;
    // One network that cannot go must not hold up the others.
    const shut = await shutdownNetwork(db, n, { log: o.log, caller: await o.caller(), waitSeconds }).catch((err: unknown) => {
      o.log.error({ err, networkId: n.id }, 'shutting down an idle network failed; it is tried again at the next run');
      return false;
    });
    if (shut) done++;
  }
  return done;
}

/**
 * The network garbage collector: every `network.gc.interval` seconds (re-read each second, so a change applies
 * without a restart) it shuts down networks idle for `network.gc.wait` seconds.
 */
export function startNetworkGc(kernel: Kernel): () => Promise<void> {
  return everyInterval(kernel, { intervalSetting: 'network.gc.interval', what: 'the network garbage collector', atStart: false }, async () =>
    collectNetworks(kernel.db, await kernel.settings.int('network.gc.wait'), { log: kernel.log, caller: () => kernel.directory.systemCaller() }),
  );
}
