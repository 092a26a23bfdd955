import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError, job, jobError, type P } from '../support/calls.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

for (const dialect of testDialects()) {
  describe(`snapshots of VMs and their volumes [${dialect}]`, () => {
    let server: TestServer;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let vm: Body;

    const list = async (client: ApiClient, command: string, key: string, params: P = {}) => {
      const body = await client.ok(command, params);
      assertListResponse(command, body);
      return (body[key] ?? []) as Body[];
    };

    before(async () => {
      ({ server, sim, alice, bob } = await tenantWorld(dialect, (a) => buildSimZone(a)));
      vm = (await job(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name: 'db' })).virtualmachine;
    });
    after(() => server?.stop());

    it('refuses reverting the volume of a running VM', async () => {
      const [root] = await list(alice.client, 'listVolumes', 'volume', { virtualmachineid: vm.id as string, type: 'ROOT' });
      const rootSnap = (await job(alice.client, 'createSnapshot', { volumeid: root.id as string })).snapshot;
      assert.equal(rootSnap.volumetype, 'ROOT');
      await jobError(alice.client, 'revertSnapshot', { id: rootSnap.id as string }, 431, /stop/);
      await jobError(bob.client, 'revertSnapshot', { id: rootSnap.id as string }, 531);
      await job(alice.client, 'deleteSnapshot', { id: rootSnap.id as string });
    });

    it('takes, lists, reverts to and deletes VM snapshots', async () => {
      const first = (await job(alice.client, 'createVMSnapshot', { virtualmachineid: vm.id as string, name: 'clean', description: 'fresh install' })).vmsnapshot;
      assertResponseFields('createVMSnapshot', first);
      assert.equal(first.displayname, 'clean');
      assert.equal(first.description, 'fresh install');
      assert.equal(first.type, 'Disk');
      assert.equal(first.state, 'Ready');
      assert.equal(first.current, true);
      assert.equal(first.virtualmachineid, vm.id);
      assert.equal(first.virtualmachinename, 'db');
      const second = (await job(alice.client, 'createVMSnapshot', { virtualmachineid: vm.id as string, snapshotmemory: true })).vmsnapshot;
      assert.equal(second.type, 'DiskAndMemory');
      assert.equal(second.parent, first.id);
      const listed = await list(alice.client, 'listVMSnapshot', 'vmSnapshot', { virtualmachineid: vm.id as string });
      assert.equal(listed.length, 2);
      assert.equal(listed.find((s) => s.id === first.id)?.current, false);
      assert.deepEqual(await list(bob.client, 'listVMSnapshot', 'vmSnapshot'), []);
      await jobError(bob.client, 'createVMSnapshot', { virtualmachineid: vm.id as string }, 531);
      await jobError(bob.client, 'deleteVMSnapshot', { vmsnapshotid: first.id as string }, 531);
      await jobError(alice.client, 'revertToVMSnapshot', { vmsnapshotid: first.id as string }, 431, /stop/);
      await job(alice.client, 'stopVirtualMachine', { id: vm.id as string });
      await jobError(alice.client, 'createVMSnapshot', { virtualmachineid: vm.id as string, snapshotmemory: true }, 431, /running/);
      const reverted = (await job(alice.client, 'revertToVMSnapshot', { vmsnapshotid: first.id as string })).virtualmachine;
      assert.equal(reverted.id, vm.id);
      assert.equal(reverted.state, 'Stopped');
      assert.equal((await list(alice.client, 'listVMSnapshot', 'vmSnapshot', { vmsnapshotid: first.id as string }))[0].current, true);
      await job(alice.client, 'deleteVMSnapshot', { vmsnapshotid: first.id as string });
      const [left] = await list(alice.client, 'listVMSnapshot', 'vmSnapshot', { virtualmachineid: vm.id as string });
      assert.equal(left.id, second.id);
      assert.equal('parent' in left, false, 'its parent went, so it has none');
      // A deleted VM snapshot is an unknown id: refused at once, before any job (CloudStack's DeleteVMSnapshotCmd too).
      await expectError(alice.client, 'deleteVMSnapshot', { vmsnapshotid: first.id as string }, 431);
    });
  });
}
