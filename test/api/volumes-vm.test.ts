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
  describe(`volumes of VMs [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let small: Body;
    let vm: Body;
    let data: Body;

    const volumes = async (client: ApiClient, params: P = {}) => {
      const body = await client.ok('listVolumes', params);
      assertListResponse('listVolumes', body);
      return (body.volume ?? []) as Body[];
    };

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, (a) => buildSimZone(a)));
      small = ((await admin.ok('listDiskOfferings', {})).diskoffering as Body[]).find((o) => o.name === 'Small') as Body;
      vm = (await job(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name: 'web' })).virtualmachine;
      data = (await job(alice.client, 'createVolume', { name: 'data1', diskofferingid: small.id as string, zoneid: sim.zone.id })).volume;
    });
    after(() => server?.stop());

    it('gives a deployed VM a ROOT volume on primary storage, attached', async () => {
      const [root] = await volumes(alice.client, { virtualmachineid: vm.id as string });
      assert.equal(root.type, 'ROOT');
      assert.equal(root.state, 'Ready');
      assert.equal(root.deviceid, 0);
      assert.equal(root.vmname, 'web');
      assert.equal(root.storageid, sim.pool.id);
      assert.equal(root.templateid, sim.template.id);
      assert.equal(root.templatename, sim.template.name);
      assert.ok(root.attached, 'a ROOT volume is attached');
    });

    it('attaches to a running VM (lowest free device) and detaches; attached is there iff attached', async () => {
      const attached = (await job(alice.client, 'attachVolume', { id: data.id as string, virtualmachineid: vm.id as string })).volume;
      assertResponseFields('attachVolume', attached);
      assert.equal(attached.virtualmachineid, vm.id);
      assert.equal(attached.deviceid, 1);
      assert.equal(attached.vmname, 'web');
      assert.match(attached.attached as string, /^\d{4}-\d\d-\d\dT/);
      assert.ok((await volumes(alice.client, { id: data.id as string }))[0].attached);
      await jobError(alice.client, 'attachVolume', { id: data.id as string, virtualmachineid: vm.id as string }, 431, /already attached/);
      await expectError(alice.client, 'deleteVolume', { id: data.id as string }, 536, /detach/);
      const detached = (await job(alice.client, 'detachVolume', { id: data.id as string })).volume;
      assert.equal('attached' in detached, false);
      assert.equal('virtualmachineid' in detached, false);
      assert.equal('attached' in (await volumes(alice.client, { id: data.id as string }))[0], false);
      await jobError(alice.client, 'detachVolume', { id: data.id as string }, 431, /not attached/);
    });

    it('attaches at a chosen device, detaches by VM and device, and refuses the CD-ROM slot and ROOT volumes', async () => {
      await jobError(alice.client, 'attachVolume', { id: data.id as string, virtualmachineid: vm.id as string, deviceid: 3 }, 431, /deviceid/);
      const at5 = (await job(alice.client, 'attachVolume', { id: data.id as string, virtualmachineid: vm.id as string, deviceid: 5 })).volume;
      assert.equal(at5.deviceid, 5);
      await job(alice.client, 'detachVolume', { virtualmachineid: vm.id as string, deviceid: 5 });
      const [root] = await volumes(alice.client, { virtualmachineid: vm.id as string, type: 'ROOT' });
      await jobError(alice.client, 'detachVolume', { id: root.id as string }, 431, /ROOT/);
      await expectError(alice.client, 'deleteVolume', { id: root.id as string }, 536, /ROOT/);
    });

    it('keeps other tenants\' volumes and VMs apart', async () => {
      await jobError(bob.client, 'attachVolume', { id: data.id as string, virtualmachineid: vm.id as string }, 531);
      const bobVol = (await job(bob.client, 'createVolume', { diskofferingid: small.id as string, zoneid: sim.zone.id })).volume;
      await jobError(alice.client, 'attachVolume', { id: bobVol.id as string, virtualmachineid: vm.id as string }, 531);
      await jobError(bob.client, 'attachVolume', { id: bobVol.id as string, virtualmachineid: vm.id as string }, 531);
      await jobError(bob.client, 'createVolume', { diskofferingid: small.id as string, virtualmachineid: vm.id as string }, 531);
    });

    it('expunges a VM while no host is up to delete its ROOT disk, giving its volume back', async () => {
      const poolAllocated = async () => Number((await admin.ok('listStoragePools', { id: sim.pool.id as string })).storagepool[0].disksizeallocated);
      const allocated = await poolAllocated();
      const stopped = (await job(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, startvm: false })).virtualmachine;
      const [root] = await volumes(alice.client, { virtualmachineid: stopped.id as string });
      assert.ok(await poolAllocated() > allocated);
      await admin.ok('configureSimulatorHost', { hostid: sim.hosts[0].id as string, down: true });
      try {
        await job(admin, 'destroyVirtualMachine', { id: stopped.id as string, expunge: true });
      } finally {
        await admin.ok('configureSimulatorHost', { hostid: sim.hosts[0].id as string, down: false });
        await admin.job('reconnectHost', { id: sim.hosts[0].id as string });
      }
      assert.deepEqual(await volumes(alice.client, { id: root.id as string }), []);
      assert.equal(await poolAllocated(), allocated);
    });

    it('creates a volume straight onto a VM, and keeps data disks when the VM is expunged', async () => {
      const v = (await job(alice.client, 'createVolume', { name: 'logs', diskofferingid: small.id as string, virtualmachineid: vm.id as string })).volume;
      assert.equal(v.virtualmachineid, vm.id);
      assert.ok(v.attached);
      assert.equal(v.zoneid, sim.zone.id);
      await job(admin, 'destroyVirtualMachine', { id: vm.id as string, expunge: true });
      const left = await volumes(alice.client);
      assert.deepEqual(left.map((x) => x.name).sort(), ['data1', 'logs']);
      assert.ok(left.every((x) => !('attached' in x) && !('virtualmachineid' in x)));
    });
  });
}
