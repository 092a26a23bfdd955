import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { acquire, job, rulesWorld, type P, type RulesWorld } from '../support/network-rules.ts';
import { testDialects } from '../support/server.ts';

const entityText = (command: string, param: string, value: string) =>
  `Unable to execute API command ${command.toLowerCase()} due to invalid value. Invalid parameter ${param} value=${value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`;

for (const dialect of testDialects()) {
  describe(`entity id params resolved before the command runs [${dialect}]`, () => {
    let w: RulesWorld;
    let ip: Body;
    before(async () => {
      w = await rulesWorld(dialect, { publicIps: 4 });
      ip = await acquire(w.alice.client, w.sim.zone.id);
    });
    after(() => w?.server.stop());

    const jobCount = async () => Number((await w.admin.ok('listAsyncJobs', { listall: true })).count ?? 0);

    /** The call is answered 431 at once, naming `param` and its unknown value, and queues no job. */
    async function refused(client: ApiClient, command: string, params: P, param: string, value: string) {
      const jobs = await jobCount();
      const r = await client.call(command, params);
      assert.equal(r.status, 431, `${command}: ${r.raw}`);
      assert.deepEqual(r.body, { uuidList: [], errorcode: 431, cserrorcode: 4350, errortext: entityText(command, param, value) });
      assert.equal(await jobCount(), jobs, `${command} queued a job`);
    }

    it('refuses an unknown id given to async commands of every domain, before any job', async () => {
      const u = randomUUID();
      const alice = w.alice.client;
      await refused(alice, 'stopVirtualMachine', { id: u }, 'id', u);
      await refused(alice, 'associateIpAddress', { networkid: u }, 'networkid', u);
      await refused(alice, 'createFirewallRule', { ipaddressid: u, protocol: 'tcp', startport: 22 }, 'ipaddressid', u);
      await refused(alice, 'createPortForwardingRule', { ipaddressid: ip.id, virtualmachineid: u, protocol: 'tcp', publicport: 22, privateport: 22 }, 'virtualmachineid', u);
      await refused(alice, 'deleteNetwork', { id: u }, 'id', u);
      await refused(alice, 'createSnapshot', { volumeid: u }, 'volumeid', u);
      await refused(alice, 'attachVolume', { id: u, virtualmachineid: w.aliceVm.id }, 'id', u);
      await refused(w.admin, 'startVirtualMachine', { id: w.aliceVm.id, hostid: u }, 'hostid', u);
      await refused(w.admin, 'rebootRouter', { id: u }, 'id', u);
      await refused(w.admin, 'deleteAccount', { id: u }, 'id', u);
    });

    it('refuses an unknown id given to sync commands', async () => {
      const u = randomUUID();
      await refused(w.alice.client, 'updateVirtualMachine', { id: u, displayname: 'x' }, 'id', u);
      await refused(w.alice.client, 'deleteVolume', { id: u }, 'id', u);
      await refused(w.alice.client, 'queryAsyncJobResult', { jobid: u }, 'jobid', u);
      await refused(w.alice.client, 'deleteUserData', { id: u }, 'id', u);
      await refused(w.admin, 'updateZone', { id: u, name: 'x' }, 'id', u);
      await refused(w.admin, 'updateTemplate', { id: u, name: 'x' }, 'id', u);
      await refused(w.admin, 'updateUser', { id: u, firstname: 'x' }, 'id', u);
      await refused(w.admin, 'deleteServiceOffering', { id: u }, 'id', u);
      await refused(w.admin, 'updateConfiguration', { name: 'allow.user.view.destroyed.vm', value: 'true', accountid: u }, 'accountid', u);
    });

    it('lists answer an empty list for an unknown id, as CloudStack does for its removed rows (Nimbus deletes them)', async () => {
      const u = randomUUID();
      assert.deepEqual(await w.alice.client.ok('listVirtualMachines', { id: u }), {});
      assert.deepEqual(await w.alice.client.ok('listVolumes', { virtualmachineid: u }), {});
      assert.deepEqual(await w.admin.ok('listZones', { id: u }), {});
    });

    it('still runs commands given known ids, in the caller\'s scope as before', async () => {
      assert.equal((await w.alice.client.ok('listVirtualMachines', { id: w.aliceVm.id })).count, 1);
      const reboot = await job(w.alice.client, 'rebootVirtualMachine', { id: w.aliceVm.id });
      assert.equal((reboot.virtualmachine as Body).state, 'Running');
      // Bob's VM exists: the entity check passes and the handler's scoping answers, as it did.
      const other = await w.alice.client.call('listVirtualMachines', { id: w.bobVm.id });
      assert.notEqual(other.body.errortext, entityText('listVirtualMachines', 'id', w.bobVm.id));
    });

    it('answers as before for a soft-deleted row: only ids no row ever had get the new error', async () => {
      const offering = (await w.admin.ok('createServiceOffering', { name: 'gone', displaytext: 'gone', cpunumber: 1, cpuspeed: 500, memory: 256 })).serviceoffering as Body;
      await w.admin.ok('deleteServiceOffering', { id: offering.id });
      const again = await w.admin.call('deleteServiceOffering', { id: offering.id });
      assert.notEqual(again.status, 200);
      assert.notEqual(again.body.errortext, entityText('deleteServiceOffering', 'id', offering.id));
    });
  });
}
