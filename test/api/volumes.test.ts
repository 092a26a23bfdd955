import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError, job, jobError, type P } from '../support/calls.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { storageZone, tenantWorld, type StorageZone } from '../support/tenants.ts';

const GiB = 1024 ** 3;

for (const dialect of testDialects()) {
  describe(`volumes [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: StorageZone;
    let small: Body;
    let custom: Body;
    let pool: Body;
    let data: Body;

    const volumes = async (client: ApiClient, params: P = {}) => {
      const body = await client.ok('listVolumes', params);
      assertListResponse('listVolumes', body);
      return (body.volume ?? []) as Body[];
    };
    const poolAllocated = async () => Number((await admin.ok('listStoragePools', { id: pool.id as string })).storagepool[0].disksizeallocated);

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, storageZone));
      pool = sim.pool;
      const offerings = (await admin.ok('listDiskOfferings', {})).diskoffering as Body[];
      small = offerings.find((o) => o.name === 'Small') as Body;
      custom = offerings.find((o) => o.iscustomized === true) as Body;
    });
    after(() => server?.stop());

    it('creates a data disk from a fixed offering, counted and on the pool, with no attached field', async () => {
      const poolBefore = await poolAllocated();
      data = (await job(alice.client, 'createVolume', { name: 'data1', diskofferingid: small.id as string, zoneid: sim.zone.id })).volume;
      assertResponseFields('createVolume', data);
      assert.equal(data.name, 'data1');
      assert.equal(data.type, 'DATADISK');
      assert.equal(data.state, 'Ready');
      assert.equal(data.size, small.disksize * GiB);
      assert.equal(data.account, 'alice');
      assert.equal(data.zonename, sim.zone.name);
      assert.equal(data.storageid, pool.id);
      assert.equal('attached' in data, false);
      assert.equal('virtualmachineid' in data, false);
      assert.equal(await poolAllocated(), poolBefore + data.size);
    });

    it('sizes custom offerings by size and refuses bad sizes, offerings and zones', async () => {
      const v = (await job(alice.client, 'createVolume', { name: 'big', diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 7 })).volume;
      assert.equal(v.size, 7 * GiB);
      await jobError(alice.client, 'createVolume', { diskofferingid: custom.id as string, zoneid: sim.zone.id }, 431, /size/);
      await jobError(alice.client, 'createVolume', { diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 0 }, 431, /size/);
      await jobError(alice.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id, size: 3 }, 431, /fixed size/);
      await jobError(alice.client, 'createVolume', { zoneid: sim.zone.id }, 431, /diskofferingid/);
      await expectError(alice.client, 'createVolume', { diskofferingid: crypto.randomUUID(), zoneid: sim.zone.id }, 431, /Invalid parameter diskofferingid/);
      await expectError(alice.client, 'createVolume', { diskofferingid: small.id as string, zoneid: crypto.randomUUID() }, 431, /Invalid parameter zoneid/);
      await jobError(alice.client, 'createVolume', { diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 100000 }, 431, /between/);
      await job(alice.client, 'resizeVolume', { id: v.id as string, size: 9 });
      await jobError(alice.client, 'resizeVolume', { id: v.id as string, size: 8 }, 431, /shrinkok/);
      const shrunk = (await job(alice.client, 'resizeVolume', { id: v.id as string, size: 8, shrinkok: true })).volume;
      assert.equal(shrunk.size, 8 * GiB);
      assert.equal((await alice.client.ok('deleteVolume', { id: v.id as string })).success, true);
    });

    it('counts volumes and primary storage against the account\'s limits, and gives them back on delete', async () => {
      const carol = await createTenant(admin, { username: 'carol' });
      const domainid = carol.account.domainid as string;
      await admin.ok('updateResourceLimit', { account: 'carol', domainid, resourcetype: 2, max: 1 });
      const first = (await job(carol.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id })).volume;
      await jobError(carol.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id }, 532, /volume/i);
      assert.equal((await carol.client.ok('deleteVolume', { id: first.id as string })).success, true);
      const again = (await job(carol.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id })).volume;
      assert.equal((await carol.client.ok('deleteVolume', { id: again.id as string })).success, true);
      await admin.ok('updateResourceLimit', { account: 'carol', domainid, resourcetype: 2, max: -1 });
      await admin.ok('updateResourceLimit', { account: 'carol', domainid, resourcetype: 10, max: small.disksize * 2 });
      const second = (await job(carol.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id })).volume;
      await jobError(carol.client, 'resizeVolume', { id: second.id as string, diskofferingid: custom.id as string, size: small.disksize * 3 }, 532);
      await job(carol.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id });
      await jobError(carol.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id }, 532, /primary/i);
      const recount = (await admin.ok('updateResourceCount', { account: 'carol', domainid, resourcetype: 2 })).resourcecount as Body[];
      assert.equal(Number(recount[0].resourcecount), 2);
    });

    it('keeps tenants apart', async () => {
      assert.deepEqual(await volumes(bob.client), []);
      assert.deepEqual(await volumes(bob.client, { id: data.id as string }), []);
      await jobError(bob.client, 'resizeVolume', { id: data.id as string, size: 50 }, 531);
      await expectError(bob.client, 'deleteVolume', { id: data.id as string }, 531);
      const bobVol = (await job(bob.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id })).volume;
      const all = await volumes(admin, { listall: true });
      assert.ok(all.some((v) => v.id === bobVol.id) && all.some((v) => v.id === data.id));
      await expectError(alice.client, 'listVolumes', { account: 'bob', domainid: bob.account.domainid as string }, 531);
    });

    it('carries tags, filters by them, and lets only the owner tag', async () => {
      await job(alice.client, 'createTags', { resourcetype: 'Volume', resourceids: data.id as string, 'tags[0].key': 'tier', 'tags[0].value': 'gold' });
      const [tagged] = await volumes(alice.client, { 'tags[0].key': 'tier', 'tags[0].value': 'gold' });
      assert.equal(tagged.id, data.id);
      assert.deepEqual((tagged.tags as Body[]).map((t) => [t.key, t.value]), [['tier', 'gold']]);
      assert.deepEqual(await volumes(alice.client, { 'tags[0].key': 'tier', 'tags[0].value': 'silver' }), []);
      await jobError(bob.client, 'createTags', { resourcetype: 'Volume', resourceids: data.id as string, 'tags[0].key': 'x', 'tags[0].value': 'y' }, 531);
    });

    it('filters by type, name, keyword and zone', async () => {
      assert.deepEqual((await volumes(alice.client, { type: 'DATADISK' })).map((v) => v.name), ['data1']);
      assert.equal((await volumes(alice.client, { name: 'data1' })).length, 1);
      assert.equal((await volumes(alice.client, { keyword: 'DATA' })).length, 1);
      assert.equal((await volumes(alice.client, { zoneid: crypto.randomUUID() })).length, 0);
    });

    it('deletes a detached volume and gives back its counts and pool room', async () => {
      const poolBefore = await poolAllocated();
      assert.equal((await alice.client.ok('deleteVolume', { id: data.id as string })).success, true);
      assert.equal(await poolAllocated(), poolBefore - data.size);
      assert.deepEqual(await volumes(alice.client, { id: data.id as string }), []);
      await expectError(alice.client, 'deleteVolume', { id: data.id as string }, 431);
    });
  });
}
