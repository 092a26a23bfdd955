import type { Kysely, Transaction } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Database } from '../db/schema.ts';
import { ApiError, ErrorCode } from '../kernel/errors.ts';
import { guestIsolation, MAX_VXLAN_ID, parseVlanRanges } from '../infrastructure/vlans.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface VniTables {
  /**
   * The guest VLAN (or VXLAN id) each implemented network holds, CloudStack's op_dc_vnet_alloc: taken when its first
   * VM starts, given back when the network is shut down or deleted. One id per zone: a network whose host falls back
   * from 802.1Q to VXLAN travels under the same number, so VLAN and VXLAN ids of a zone never overlap either.
   */
  guest_vlan: {
    network_id: string;
    zone_id: string;
    /** The physical network whose range the id came from; null for Nimbus's own VXLAN range. */
    physical_network_id: string | null;
    vnet: number;
    /** `vlan://<id>` or `vxlan://<id>`. */
    uri: string;
    /** When the garbage collector first saw the network without a live VM (null while one runs). */
    idle_since: string | null;
    allocated: string;
  };
  /** The host that runs each network's router, from its first set-up on: the router does not wander. */
  network_router: { network_id: string; host_id: string; id: string | null; created: string | null; state: string | null };
}

/** The lowest id of the ranges that is not taken, or undefined when every one is. */
export function lowestFree(ranges: Array<[number, number]>, taken: Iterable<number>): number | undefined {
  const used = [...new Set(taken)].sort((a, b) => a - b);
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    let candidate = from;
    for (const u of used) {
      if (u > candidate) break;
      if (u === candidate) candidate++;
    }
    if (candidate <= to) return candidate;
  }
  return undefined;
}

interface GuestRange {
  physicalNetworkId: string;
  name: string;
  scheme: 'vlan' | 'vxlan';
  text: string;
  ranges: Array<[number, number]>;
}

/** The guest range of a zone: its physical network carrying guest traffic (else its first one) that has a range. */
async function guestRange(db: Db, zoneId: string): Promise<GuestRange | undefined> {
  const rows = await db
    .selectFrom('physical_network')
    .select(['id', 'name', 'vlan', 'isolation_methods'])
    .where('zone_id', '=', zoneId)
    .where('vlan', 'is not', null)
    .orderBy('created')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return undefined;
  const guest = await db
    .selectFrom('physical_network_traffic_type')
    .select('physical_network_id')
    .where('traffic_type', '=', 'Guest')
    .where('physical_network_id', 'in', rows.map((r) => r.id))
    .execute();
  const carriesGuests = new Set(guest.map((g) => g.physical_network_id));
  const pn = rows.find((r) => carriesGuests.has(r.id)) ?? rows[0];
  const text = pn.vlan as string;
  return { physicalNetworkId: pn.id, name: pn.name, scheme: guestIsolation(pn.isolation_methods), text, ranges: parseVlanRanges('implementNetwork', text, MAX_VXLAN_ID) };
}

/**
 * The network's guest VLAN, taken when it has none (`fresh`): the lowest free id of its zone's physical network
 * range, or, in a zone without one, a random id of Nimbus's own VXLAN range 1-16777214 (random so that clouds
 * sharing an underlay, as test clouds on one machine do, rarely meet). A full range is a 533 naming the physical
 * network. Two networks racing for one id: the unique key lets one win and the other takes the next.
 */
export async function takeGuestVlan(db: Db, network: { id: string; zone_id: string; name: string }): Promise<{ uri: string; fresh: boolean }> {
  const range = await guestRange(db, network.zone_id);
  for (;;) {
    const held = await db.selectFrom('guest_vlan').select('uri').where('network_id', '=', network.id).executeTakeFirst();
    if (held) return { uri: held.uri, fresh: false };
    let vnet: number | undefined;
    if (range) {
      const taken = await db.selectFrom('guest_vlan').select('vnet').where('zone_id', '=', network.zone_id).execute();
      vnet = lowestFree(range.ranges, taken.map((t) => t.vnet));
      if (vnet === undefined) {
        throw new ApiError(
          ErrorCode.InsufficientCapacityError,
          `Unable to implement network ${network.name}: every guest VLAN of physical network ${range.name} (range ${range.text}) is taken`,
          [network.id, range.physicalNetworkId],
        );
      }
    } else {
      vnet = 1 + Math.floor(Math.random() * MAX_VXLAN_ID);
    }
    const uri = `${range?.scheme ?? 'vxlan'}://${vnet}`;
    const r = await db
      .insertInto('guest_vlan')
      .values({ network_id: network.id, zone_id: network.zone_id, physical_network_id: range?.physicalNetworkId ?? null, vnet, uri, idle_since: null, allocated: new Date().toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows) === 1) return { uri, fresh: true };
  }
}

/** Gives the network's guest VLAN back to its range. */
export async function releaseGuestVlan(db: Db, networkId: string): Promise<void> {
  await db.deleteFrom('guest_vlan').where('network_id', '=', networkId).execute();
}

/** CloudStack's broadcast URI of each implemented network: `vlan://<id>` or `vxlan://<id>`. */
export async function broadcastUris(db: Db, networkIds: string[]): Promise<Map<string, string>> {
  if (networkIds.length === 0) return new Map();
  const rows = await db.selectFrom('guest_vlan').select(['network_id', 'uri']).where('network_id', 'in', networkIds).execute();
  return new Map(rows.map((r) => [r.network_id, r.uri]));
}

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_vni')
    .addColumn('vni', 'integer', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().unique())
    .execute();
  // Networks made before VXLAN get theirs now, in creation order (new ones draw at random and skip taken numbers).
  const existing = await db.selectFrom('network').select('id').orderBy('created').orderBy('id').execute();
  for (const [i, n] of existing.entries()) await db.insertInto('network_vni').values({ vni: i + 1, network_id: n.id }).execute();
}

async function routers(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_router')
    .addColumn('network_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('host_id', 'varchar(36)', (c) => c.notNull())
    .execute();
}

async function routerIds(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('network_router').addColumn('id', 'varchar(36)').execute();
  await db.schema.alterTable('network_router').addColumn('created', 'varchar(32)').execute();
  const now = new Date().toISOString();
  for (const r of await db.selectFrom('network_router').select('network_id').execute()) {
    await db.updateTable('network_router').set({ id: crypto.randomUUID(), created: now }).where('network_id', '=', r.network_id).execute();
  }
}

async function routerState(db: Kysely<any>): Promise<void> {
  // `Stopped` by stopRouter; anything else follows its host.
  await db.schema.alterTable('network_router').addColumn('state', 'varchar(16)').execute();
}

async function guestVlans(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guest_vlan')
    .addColumn('network_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('zone_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('physical_network_id', 'varchar(36)')
    .addColumn('vnet', 'integer', (c) => c.notNull())
    .addColumn('uri', 'varchar(64)', (c) => c.notNull())
    .addColumn('idle_since', 'varchar(32)')
    .addColumn('allocated', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('guest_vlan_zone_vnet_unique', ['zone_id', 'vnet'])
    .execute();
  // Implemented networks keep the VNI they travel under (their routers and bridges use it); the others take one
  // when their next VM starts.
  const kept = await db
    .selectFrom('network_vni')
    .innerJoin('network', 'network.id', 'network_vni.network_id')
    .select(['network_vni.vni', 'network.id', 'network.zone_id'])
    .where('network.state', '=', 'Implemented')
    .execute();
  const now = new Date().toISOString();
  for (const k of kept) {
    await db
      .insertInto('guest_vlan')
      .values({ network_id: k.id, zone_id: k.zone_id, physical_network_id: null, vnet: k.vni, uri: `vxlan://${k.vni}`, idle_since: null, allocated: now })
      .execute();
  }
  await db.schema.dropTable('network_vni').execute();
}

export const vniMigrations: Record<string, Migration> = {
  '0014_network_vni': { up },
  '0015_network_router': { up: routers },
  '0017_network_router_ids': { up: routerIds },
  '0018_network_router_state': { up: routerState },
  '0020_guest_vlan': { up: guestVlans },
};
