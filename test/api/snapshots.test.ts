import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError, job, jobError, type P } from '../support/calls.ts';
import type { SimZone } from '../support/infrastructure.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { storageZone, tenantWorld } from '../support/tenants.ts';

const GiB = 1024 ** 3;

for (const dialect of testDialects()) {
  describe(`volume snapshots [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let custom: Body;
    let volume: Body;
    let snap: Body;

    const list = async (client: ApiClient, command: string, key: string, params: P = {}) => {
      const body = await client.ok(command, params);
      assertListResponse(command, body);
      return (body[key] ?? []) as Body[];
    };

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, storageZone));
      custom = ((await admin.ok('listDiskOfferings', {})).diskoffering as Body[]).find((o) => o.iscustomized === true) as Body;
      volume = (await job(alice.client, 'createVolume', { name: 'data', diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 4 })).volume;
    });
    after(() => server?.stop());

    it('snapshots a volume', async () => {
      snap = (await job(alice.client, 'createSnapshot', { volumeid: volume.id as string, name: 'before-upgrade' })).snapshot;
      assertResponseFields('createSnapshot', snap);
      assert.equal(snap.name, 'before-upgrade');
      assert.equal(snap.state, 'BackedUp');
      assert.equal(snap.volumeid, volume.id);
      assert.equal(snap.volumename, 'data');
      assert.equal(snap.volumetype, 'DATADISK');
      assert.equal(snap.snapshottype, 'MANUAL');
      assert.equal(snap.virtualsize, 4 * GiB);
      assert.equal(snap.account, 'alice');
      const named = (await job(alice.client, 'createSnapshot', { volumeid: volume.id as string })).snapshot;
      assert.match(named.name as string, /^data_\d{14}$/);
      await job(alice.client, 'deleteSnapshot', { id: named.id as string });
    });

    it('lists snapshots per tenant and filters them', async () => {
      assert.deepEqual((await list(alice.client, 'listSnapshots', 'snapshot')).map((s) => s.id), [snap.id]);
      assert.equal((await list(alice.client, 'listSnapshots', 'snapshot', { volumeid: volume.id as string })).length, 1);
      assert.equal((await list(alice.client, 'listSnapshots', 'snapshot', { keyword: 'UPGRADE' })).length, 1);
      assert.equal((await list(alice.client, 'listSnapshots', 'snapshot', { snapshottype: 'RECURRING' })).length, 0);
      assert.deepEqual(await list(bob.client, 'listSnapshots', 'snapshot'), []);
      assert.deepEqual(await list(bob.client, 'listSnapshots', 'snapshot', { id: snap.id as string }), []);
      assert.equal((await list(admin, 'listSnapshots', 'snapshot', { listall: true })).length, 1);
    });

    it('reverts a volume to its snapshot, putting its size back', async () => {
      await job(alice.client, 'resizeVolume', { id: volume.id as string, size: 6 });
      assert.equal((await list(alice.client, 'listVolumes', 'volume', { id: volume.id as string }))[0].size, 6 * GiB);
      const reverted = (await job(alice.client, 'revertSnapshot', { id: snap.id as string })).snapshot;
      assertResponseFields('revertSnapshot', reverted);
      const [v] = await list(alice.client, 'listVolumes', 'volume', { id: volume.id as string });
      assert.equal(v.size, 4 * GiB);
    });

    it('refuses other tenants\' snapshots and unknown volumes', async () => {
      await jobError(bob.client, 'revertSnapshot', { id: snap.id as string }, 531);
      await jobError(bob.client, 'deleteSnapshot', { id: snap.id as string }, 531);
      await jobError(bob.client, 'createSnapshot', { volumeid: volume.id as string }, 531);
      await expectError(alice.client, 'createSnapshot', { volumeid: crypto.randomUUID() }, 431, /entity does not exist/);
      await expectError(alice.client, 'revertSnapshot', { id: crypto.randomUUID() }, 431, /entity does not exist/);
    });

    it('counts snapshots against the limit and gives them back on delete', async () => {
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid as string, resourcetype: 3, max: 1 });
      await jobError(alice.client, 'createSnapshot', { volumeid: volume.id as string }, 532, /snapshot/i);
      await job(alice.client, 'deleteSnapshot', { id: snap.id as string });
      assert.deepEqual(await list(alice.client, 'listSnapshots', 'snapshot'), []);
      snap = (await job(alice.client, 'createSnapshot', { volumeid: volume.id as string })).snapshot;
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid as string, resourcetype: 3, max: -1 });
      await expectError(alice.client, 'deleteSnapshot', { id: crypto.randomUUID() }, 431, /entity does not exist/);
    });

  });
}
