import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError, job, jobError } from '../support/calls.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

const GiB = 1024 ** 3;

for (const dialect of testDialects()) {
  describe(`volume from a snapshot [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let custom: Body;
    let small: Body;
    let source: Body;
    let snap: Body;

    const volumes = async (client: ApiClient) => ((await client.ok('listVolumes', {})).volume ?? []) as Body[];
    const volumeCount = async () => {
      const [a] = (await admin.ok('listAccounts', { name: 'alice', domainid: alice.account.domainid as string })).account as Body[];
      // primarystoragetotal is in GB, as in CloudStack.
      return { volumes: Number(a.volumetotal), storage: Number(a.primarystoragetotal) };
    };

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, (a) => buildSimZone(a)));
      const offerings = (await admin.ok('listDiskOfferings', {})).diskoffering as Body[];
      custom = offerings.find((o) => o.iscustomized === true) as Body;
      small = offerings.find((o) => o.name === 'Small') as Body;
      source = (await job(alice.client, 'createVolume', { name: 'data', diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 3 })).volume;
      snap = (await job(alice.client, 'createSnapshot', { volumeid: source.id as string, name: 'nightly' })).snapshot;
    });
    after(() => server?.stop());

    it('makes a Ready data disk of the snapshot\'s size, offering and zone, owned by the caller', async () => {
      const before = await volumeCount();
      const v = (await job(alice.client, 'createVolume', { name: 'restored', snapshotid: snap.id as string })).volume;
      assertResponseFields('createVolume', v);
      assert.equal(v.name, 'restored');
      assert.equal(v.state, 'Ready');
      assert.equal(v.type, 'DATADISK');
      assert.equal(v.size, 3 * GiB);
      assert.equal(v.zoneid, sim.zone.id);
      assert.equal(v.diskofferingid, custom.id);
      assert.equal(v.storageid, source.storageid);
      assert.equal(v.account, 'alice');
      assert.notEqual(v.path, source.path);
      const after = await volumeCount();
      assert.deepEqual(after, { volumes: before.volumes + 1, storage: before.storage + 3 });
    });

    it('takes the disk offering given, and attaches to a VM when asked', async () => {
      const vm = (await job(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id as string, templateid: sim.template.id as string, name: 'web' })).virtualmachine;
      const v = (await job(alice.client, 'createVolume', { snapshotid: snap.id as string, diskofferingid: small.id as string, virtualmachineid: vm.id as string })).volume;
      assert.equal(v.diskofferingid, small.id);
      assert.equal(v.size, 3 * GiB);
      assert.equal(v.virtualmachineid, vm.id);
      const detached = (await job(alice.client, 'detachVolume', { id: v.id as string })).volume;
      assert.equal(detached.virtualmachineid, undefined);
      const again = (await job(alice.client, 'attachVolume', { id: v.id as string, virtualmachineid: vm.id as string })).volume;
      assert.equal(again.virtualmachineid, vm.id);
    });

    it('works after the snapshot\'s volume is gone', async () => {
      const other = (await job(alice.client, 'createVolume', { name: 'temp', diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 2 })).volume;
      const s = (await job(alice.client, 'createSnapshot', { volumeid: other.id as string })).snapshot;
      await alice.client.ok('deleteVolume', { id: other.id as string });
      const v = (await job(alice.client, 'createVolume', { snapshotid: s.id as string })).volume;
      assert.equal(v.size, 2 * GiB);
      assert.equal(v.diskofferingid, undefined);
    });

    it('refuses others\' snapshots, a size, a pool or another zone', async () => {
      await jobError(bob.client, 'createVolume', { snapshotid: snap.id as string }, 531);
      await jobError(alice.client, 'createVolume', { snapshotid: snap.id as string, size: 10 }, 431, /size of the snapshot/);
      await expectError(alice.client, 'createVolume', { snapshotid: crypto.randomUUID() }, 431, /entity does not exist/);
      await jobError(admin, 'createVolume', { snapshotid: snap.id as string, storageid: sim.pool.id as string }, 431, /pool that holds the snapshot/);
      await expectError(alice.client, 'createVolume', { snapshotid: 'nope' }, 431);
    });

    it('counts against the volume limit and gives everything back when it fails', async () => {
      const names = async () => (await volumes(alice.client)).map((v) => v.name).sort();
      const [countBefore, namesBefore] = [await volumeCount(), await names()];
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid as string, resourcetype: 2, max: countBefore.volumes });
      await jobError(alice.client, 'createVolume', { name: 'over', snapshotid: snap.id as string }, 532, /volume/i);
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid as string, resourcetype: 2, max: -1 });
      // No host reaches the pool: the agent command cannot run, and nothing of the volume stays.
      await admin.ok('configureSimulatorHost', { hostid: sim.hosts[0].id as string, down: true });
      await jobError(alice.client, 'createVolume', { name: 'unreachable', snapshotid: snap.id as string }, 534, /No host is up/);
      await admin.ok('configureSimulatorHost', { hostid: sim.hosts[0].id as string, down: false });
      assert.deepEqual(await volumeCount(), countBefore);
      assert.deepEqual(await names(), namesBefore);
    });
  });
}
