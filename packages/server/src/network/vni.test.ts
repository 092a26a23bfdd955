import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import { Migrator } from 'kysely/migration';
import { migrate, migrations } from '../db/migrate.ts';
import { ApiError } from '../kernel/errors.ts';
import { guestIsolation, MAX_VXLAN_ID, parseVlanRanges } from '../infrastructure/vlans.ts';
import { broadcastUris, lowestFree, releaseGuestVlan, takeGuestVlan } from './vni.ts';

describe('guest VLAN ranges', () => {
  it('parses ranges, VXLAN ids up to 16777214 only where asked for', () => {
    assert.deepEqual(parseVlanRanges('c', '100-102, 7'), [[100, 102], [7, 7]]);
    assert.throws(() => parseVlanRanges('c', '5000-5001'), /within 0-4095/);
    assert.deepEqual(parseVlanRanges('c', '5000-16777214', MAX_VXLAN_ID), [[5000, 16_777_214]]);
    assert.throws(() => parseVlanRanges('c', '16777215', MAX_VXLAN_ID), /within 0-16777214/);
    assert.throws(() => parseVlanRanges('c', '10-20,15-30'), /overlap/);
  });

  it('isolates with VXLAN only where the physical network names it first', () => {
    assert.equal(guestIsolation('VLAN'), 'vlan');
    assert.equal(guestIsolation('VXLAN'), 'vxlan');
    assert.equal(guestIsolation('vxlan,VLAN'), 'vxlan');
    assert.equal(guestIsolation('VLAN,VXLAN'), 'vlan');
    assert.equal(guestIsolation('GRE'), 'vlan');
  });

  it('finds the lowest free id across ranges, and none in a full range', () => {
    assert.equal(lowestFree([[100, 102]], []), 100);
    assert.equal(lowestFree([[100, 102]], [100, 101]), 102);
    assert.equal(lowestFree([[100, 102]], [101]), 100);
    assert.equal(lowestFree([[300, 301], [100, 101]], [100, 101, 5]), 300);
    assert.equal(lowestFree([[100, 102]], [100, 101, 102]), undefined);
    assert.equal(lowestFree([[1, 16_777_214]], [1, 2, 3]), 4);
  });
});

describe('guest VLAN allocation', () => {
  let handle: DatabaseHandle;
  let dir: string;
  const zoneId = crypto.randomUUID();
  const bareZone = crypto.randomUUID();
  const physicalNetworkId = crypto.randomUUID();
  const net = (zone = zoneId) => ({ id: crypto.randomUUID(), zone_id: zone, name: 'n' });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nimbus-vlan-'));
    handle = openDatabase(join(dir, 'db.sqlite'));
    await migrate(handle.db);
    // The zone itself does not matter here: only its physical network's range does.
    await sql`PRAGMA foreign_keys = OFF`.execute(handle.db);
    await handle.db
      .insertInto('physical_network')
      .values({
        id: physicalNetworkId, name: 'guest-phys', zone_id: zoneId, vlan: '100-101,200', isolation_methods: 'VLAN', tags: '',
        broadcast_domain_range: 'ZONE', network_speed: null, domain_id: null, state: 'Enabled', created: new Date().toISOString(),
      })
      .execute();
  });
  after(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the lowest free VLAN of the range, keeps it for the network, reuses a released one, and says when the range is full', async () => {
    const [a, b, c, d] = [net(), net(), net(), net()];
    assert.deepEqual(await takeGuestVlan(handle.db, a), { uri: 'vlan://100', fresh: true });
    assert.deepEqual(await takeGuestVlan(handle.db, a), { uri: 'vlan://100', fresh: false });
    assert.equal((await takeGuestVlan(handle.db, b)).uri, 'vlan://101');
    assert.equal((await takeGuestVlan(handle.db, c)).uri, 'vlan://200');
    await assert.rejects(takeGuestVlan(handle.db, d), (e: unknown) => e instanceof ApiError && e.errorcode === 533 && /physical network guest-phys \(range 100-101,200\)/.test(e.message));
    await releaseGuestVlan(handle.db, b.id);
    assert.equal((await takeGuestVlan(handle.db, d)).uri, 'vlan://101');
    assert.deepEqual(await broadcastUris(handle.db, [a.id, b.id, d.id]), new Map([[a.id, 'vlan://100'], [d.id, 'vlan://101']]));
    for (const n of [a, c, d]) await releaseGuestVlan(handle.db, n.id);
  });

  it('gives two networks racing for the last VLANs one each', async () => {
    const nets = [net(), net(), net()];
    const got = await Promise.allSettled(nets.map((n) => takeGuestVlan(handle.db, n)));
    const uris = got.filter((g) => g.status === 'fulfilled').map((g) => g.value.uri).sort();
    assert.deepEqual(uris, ['vlan://100', 'vlan://101', 'vlan://200']);
    for (const n of nets) await releaseGuestVlan(handle.db, n.id);
  });

  it('falls back to a VXLAN id of its own range in a zone without a guest range', async () => {
    const n = net(bareZone);
    const { uri } = await takeGuestVlan(handle.db, n);
    const vni = Number(/^vxlan:\/\/(\d+)$/.exec(uri)?.[1]);
    assert.ok(vni >= 1 && vni <= MAX_VXLAN_ID, uri);
  });
});

describe('migration 0020_guest_vlan', () => {
  it('keeps the VNI of implemented networks and frees those of the others', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'nimbus-vlan-mig-'));
    const handle = openDatabase(join(dir, 'db.sqlite'));
    t.after(async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
    assert.equal((await migrator.migrateTo('0019_load_balancer')).error, undefined);
    const db = handle.db as unknown as Kysely<any>;
    const row = (id: string, state: string) => ({
      id, name: id, display_text: id, zone_id: 'z1', network_offering_id: 'o', account_id: 'a', domain_id: 'd', guest_type: 'Isolated', state,
      cidr: '10.1.1.0/24', gateway: '10.1.1.1', netmask: '255.255.255.0', network_domain: null, dns1: null, dns2: null, display_network: 1,
      allocation_seq: 0, default_key: null, created: new Date().toISOString(),
    });
    await db.insertInto('network').values([row('used', 'Implemented'), row('idle', 'Allocated')]).execute();
    await db.insertInto('network_vni').values([{ vni: 16_777_215, network_id: 'used' }, { vni: 42, network_id: 'idle' }]).execute();
    await migrate(handle.db);
    const kept = await handle.db.selectFrom('guest_vlan').select(['network_id', 'zone_id', 'vnet', 'uri', 'physical_network_id']).execute();
    assert.deepEqual(kept, [{ network_id: 'used', zone_id: 'z1', vnet: 16_777_215, uri: 'vxlan://16777215', physical_network_id: null }]);
  });
});
