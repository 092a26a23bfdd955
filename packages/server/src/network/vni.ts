import type { Kysely, Transaction } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The VXLAN network identifier each guest network travels under between hosts (24 bits; 0 is reserved). */
export interface VniTables {
  network_vni: { vni: number; network_id: string };
  /** The host that runs each network's router, from its first set-up on: the router does not wander. */
  network_router: { network_id: string; host_id: string; id: string | null; created: string | null; state: string | null };
}

const MAX_VNI = 16_777_215;

/**
 * Gives a new network its own VNI: a random one, taken with a conditional insert (never two networks on one VNI, and
 * no aborted transaction on PostgreSQL when two networks draw the same number at once: the loser draws again).
 */
export async function allocateVni(db: Db, networkId: string): Promise<number> {
  for (;;) {
    const vni = 1 + Math.floor(Math.random() * MAX_VNI);
    const r = await db.insertInto('network_vni').values({ vni, network_id: networkId }).onConflict((oc) => oc.column('vni').doNothing()).executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows) === 1) return vni;
  }
}

/** CloudStack's broadcast URI of each network: `vxlan://<vni>`. */
export async function broadcastUris(db: Db, networkIds: string[]): Promise<Map<string, string>> {
  if (networkIds.length === 0) return new Map();
  const rows = await db.selectFrom('network_vni').selectAll().where('network_id', 'in', networkIds).execute();
  return new Map(rows.map((r) => [r.network_id, `vxlan://${r.vni}`]));
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

export const vniMigrations: Record<string, Migration> = {
  '0014_network_vni': { up },
  '0015_network_router': { up: routers },
  '0017_network_router_ids': { up: routerIds },
  '0018_network_router_state': { up: routerState },
};
