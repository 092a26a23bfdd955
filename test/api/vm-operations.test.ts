import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError, job, jobError, type P } from '../support/calls.ts';
import { buildSimZone, waitFor, type SimZone } from '../support/compute.ts';
import { assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

for (const dialect of testDialects()) {
  describe(`VM operations [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let medium: Body;
    let vm: Body;

    const deploy = async (client: ApiClient, params: P = {}) =>
      (await job(client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params })).virtualmachine as Body;
    const adminView = async (id: string) => (await admin.ok('listVirtualMachines', { id, listall: true })).virtualmachine[0] as Body;

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, (a) => buildSimZone(a, { hosts: 2 })));
      medium = ((await admin.ok('listServiceOfferings', { name: 'Medium Instance' })).serviceoffering as Body[])[0];
      await alice.client.ok('createSSHKeyPair', { name: 'a1' });
      await alice.client.ok('createSSHKeyPair', { name: 'a2' });
      vm = await deploy(alice.client, { name: 'app', keypair: 'a1' });
    });
    after(() => server?.stop());

    it('changes the service offering of a stopped VM only, counting the difference', async () => {
      await expectError(alice.client, 'changeServiceForVirtualMachine', { id: vm.id, serviceofferingid: medium.id }, 431, /stop it first/);
      await job(alice.client, 'stopVirtualMachine', { id: vm.id });
      const r = await alice.client.ok('changeServiceForVirtualMachine', { id: vm.id, serviceofferingid: medium.id });
      assertResponseFields('changeServiceForVirtualMachine', r.virtualmachine);
      assert.equal(r.virtualmachine.serviceofferingid, medium.id);
      assert.equal(r.virtualmachine.memory, 1024);
      assert.equal(r.virtualmachine.cpuspeed, 1000);
      await expectError(alice.client, 'changeServiceForVirtualMachine', { id: vm.id, serviceofferingid: medium.id }, 431, /already has/);
      await expectError(alice.client, 'changeServiceForVirtualMachine', { id: vm.id, serviceofferingid: crypto.randomUUID() }, 431);
      const scaled = await job(alice.client, 'scaleVirtualMachine', { id: vm.id, serviceofferingid: sim.offering.id });
      assert.equal(scaled.virtualmachine.memory, 512);
      // Limits see the change: with memory capped at the current use, growing is refused.
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid, resourcetype: 9, max: 512 });
      await jobError(alice.client, 'scaleVirtualMachine', { id: vm.id, serviceofferingid: medium.id }, 532, /memory/);
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid, resourcetype: 9, max: -1 });
    });

    it('resets the password (shown once) and the SSH keys of a stopped VM', async () => {
      const r = await job(alice.client, 'resetPasswordForVirtualMachine', { id: vm.id, password: 'N3w-secret' });
      assert.equal(r.virtualmachine.password, 'N3w-secret');
      const generated = await job(alice.client, 'resetPasswordForVirtualMachine', { id: vm.id });
      assert.match(generated.virtualmachine.password as string, /^\S{20}$/);
      const k = await job(alice.client, 'resetSSHKeyForVirtualMachine', { id: vm.id, keypairs: 'a1,a2' });
      assert.equal(k.virtualmachine.keypairs, 'a1,a2');
      await jobError(alice.client, 'resetSSHKeyForVirtualMachine', { id: vm.id, keypair: 'missing' }, 431, /missing/);
      await jobError(alice.client, 'resetSSHKeyForVirtualMachine', { id: vm.id }, 431, /keypair/);
      await job(alice.client, 'startVirtualMachine', { id: vm.id });
      await jobError(alice.client, 'resetPasswordForVirtualMachine', { id: vm.id }, 431, /stop it first/);
    });

    it('migrates a running VM to another host (root admins only), moving its capacity', async () => {
      const from = (await adminView(vm.id)).hostid as string;
      const to = sim.hosts.find((h) => h.id !== from)?.id as string;
      await expectError(alice.client, 'migrateVirtualMachine', { virtualmachineid: vm.id, hostid: to }, 432);
      const r = await job(admin, 'migrateVirtualMachine', { virtualmachineid: vm.id, hostid: to });
      assert.equal(r.virtualmachine.hostid, to);
      assert.equal(r.virtualmachine.state, 'Running');
      const hosts = (await admin.ok('listHosts', { zoneid: sim.zone.id })).host as Body[];
      assert.equal(hosts.find((h) => h.id === from)?.memoryallocated, 0);
      assert.equal(hosts.find((h) => h.id === to)?.memoryallocated, 512 * 1024 * 1024);
      await jobError(admin, 'migrateVirtualMachine', { virtualmachineid: vm.id, hostid: to }, 431, /already runs/);
    });

    it('attaches and detaches an ISO', async () => {
      const registered = (await admin.ok('registerIso', { name: 'tools', displaytext: 'Tools', url: 'http://images.example.org/tools.iso', zoneid: sim.zone.id, ispublic: true })).iso;
      const iso = (Array.isArray(registered) ? registered[0] : registered) as Body;
      await waitFor('the ISO download', async () => ((await admin.ok('listIsos', { isofilter: 'all', id: iso.id, zoneid: sim.zone.id })).iso?.[0]?.isready ? true : undefined));
      const attached = await job(alice.client, 'attachIso', { id: iso.id, virtualmachineid: vm.id });
      assert.equal(attached.virtualmachine.isoid, iso.id);
      assert.equal(attached.virtualmachine.isoname, 'tools');
      await jobError(alice.client, 'attachIso', { id: iso.id, virtualmachineid: vm.id }, 431, /already has an ISO/);
      await jobError(alice.client, 'attachIso', { id: sim.template.id, virtualmachineid: vm.id }, 431);
      assert.equal((await job(alice.client, 'detachIso', { virtualmachineid: vm.id })).virtualmachine.isoid, undefined);
      await jobError(alice.client, 'detachIso', { virtualmachineid: vm.id }, 431, /no ISO/);
      // A VM deployed from the ISO takes its ROOT disk from a disk offering.
      const base = { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: iso.id as string, startvm: false };
      await jobError(alice.client, 'deployVirtualMachine', base, 431, /needs diskofferingid/);
      const small = ((await admin.ok('listDiskOfferings', { name: 'Small' })).diskoffering as Body[])[0];
      const fromIso = (await job(alice.client, 'deployVirtualMachine', { ...base, name: 'installer', diskofferingid: small.id })).virtualmachine as Body;
      assert.equal(fromIso.isoid, iso.id);
      const [root] = (await alice.client.ok('listVolumes', { virtualmachineid: fromIso.id })).volume as Body[];
      assert.equal(root.type, 'ROOT');
      assert.equal(root.size, small.disksize * 1024 ** 3);
    });

    it('sizes the ROOT disk with rootdisksize, never below the template', async () => {
      const v = await deploy(alice.client, { name: 'big', rootdisksize: 30, startvm: false });
      const [root] = (await alice.client.ok('listVolumes', { virtualmachineid: v.id })).volume as Body[];
      assert.equal(root.size, 30 * 1024 ** 3);
      await expectError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, diskofferingid: crypto.randomUUID() }, 431, /Invalid parameter diskofferingid value=.* entity does not exist/);
    });

    it('deploys with registered user data, which cannot be deleted while a VM uses it', async () => {
      const data = Buffer.from('#!/bin/sh\necho hi\n').toString('base64');
      const ud = (await alice.client.ok('registerUserData', { name: 'boot', userdata: data })).userdata;
      const v = await deploy(alice.client, { name: 'scripted', userdataid: ud.id, startvm: false });
      assert.equal(v.userdataid, ud.id);
      assert.equal(v.userdataname, 'boot');
      assert.equal((await alice.client.ok('getVirtualMachineUserData', { virtualmachineid: v.id })).virtualmachineuserdata.userdata, data);
      await expectError(alice.client, 'deleteUserData', { id: ud.id }, 536, /used by 1 VM/);
      await jobError(bob.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, userdataid: ud.id }, 531);
    });

    it('places NICs in the networks asked, with fixed addresses, and lists by network and tag', async () => {
      const isolated = ((await admin.ok('listNetworkOfferings', { name: 'DefaultIsolatedNetworkOfferingWithSourceNatService' })).networkoffering as Body[])[0];
      const net = (await alice.client.ok('createNetwork', { name: 'backend', displaytext: 'Backend', networkofferingid: isolated.id, zoneid: sim.zone.id, gateway: '10.9.0.1', netmask: '255.255.255.0' })).network;
      const [def] = (await alice.client.ok('listNetworks', { name: 'alice-network' })).network as Body[];
      const two = await deploy(alice.client, { name: 'twonics', startvm: false, 'iptonetworklist[0].networkid': net.id, 'iptonetworklist[0].ip': '10.9.0.50', 'iptonetworklist[1].networkid': def.id });
      assert.deepEqual(two.nic.map((n: Body) => [n.networkid, n.isdefault]), [[net.id, true], [def.id, false]]);
      assert.equal(two.nic[0].ipaddress, '10.9.0.50');
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, networkids: net.id, ipaddress: '10.9.0.50' }, 431, /in use/);
      await jobError(bob.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, networkids: net.id }, 531);
      const forBob = { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, networkids: net.id, account: 'bob', domainid: bob.account.domainid };
      await jobError(admin, 'deployVirtualMachine', forBob, 431, /does not belong to account bob/);
      const inNet = (await alice.client.ok('listVirtualMachines', { networkid: net.id })).virtualmachine as Body[];
      assert.deepEqual(inNet.map((v) => v.name), ['twonics']);
      assert.equal((await alice.client.job('createTags', { resourcetype: 'UserVm', resourceids: two.id, 'tags[0].key': 'tier', 'tags[0].value': 'db' })).jobstatus, 1);
      const tagged = (await alice.client.ok('listVirtualMachines', { 'tags[0].key': 'tier', 'tags[0].value': 'db' })).virtualmachine as Body[];
      assert.deepEqual(tagged.map((v) => v.name), ['twonics']);
      assert.deepEqual(tagged[0].tags.map((t: Body) => [t.key, t.value]), [['tier', 'db']]);
      await job(alice.client, 'destroyVirtualMachine', { id: two.id });
    });

    it('recounts VMs, CPUs and memory from the VMs that are not destroyed', async () => {
      const live = ((await admin.ok('listVirtualMachines', { account: 'alice', domainid: alice.account.domainid })).virtualmachine as Body[]).filter((v) => v.state !== 'Destroyed');
      const r = await admin.ok('updateResourceCount', { account: 'alice', domainid: alice.account.domainid });
      const count = (type: number) => (r.resourcecount as Body[]).find((c) => Number(c.resourcetype) === type)?.resourcecount;
      assert.equal(count(0), live.length);
      assert.equal(count(8), live.reduce((n, v) => n + (v.cpunumber as number), 0));
      assert.equal(count(9), live.reduce((n, v) => n + (v.memory as number), 0));
    });

    it('assigns a stopped VM to another account (admins), moving its NICs, volumes and counts', async () => {
      const [scripted] = (await alice.client.ok('listVirtualMachines', { name: 'scripted' })).virtualmachine as Body[];
      await expectError(alice.client, 'assignVirtualMachine', { virtualmachineid: scripted.id, account: 'bob', domainid: bob.account.domainid }, 432);
      await expectError(admin, 'assignVirtualMachine', { virtualmachineid: vm.id, account: 'bob', domainid: bob.account.domainid }, 431, /only stopped/);
      const small = ((await admin.ok('listDiskOfferings', { name: 'Small' })).diskoffering as Body[])[0];
      const data = (await job(alice.client, 'createVolume', { name: 'scripted-data', zoneid: sim.zone.id, diskofferingid: small.id })).volume as Body;
      await job(alice.client, 'attachVolume', { id: data.id, virtualmachineid: scripted.id });
      const volumeTotals = async (name: string) => {
        const [a] = (await admin.ok('listAccounts', { name, listall: true })).account as Body[];
        return [Number(a.volumetotal), Number(a.primarystoragetotal)];
      };
      const [aliceBefore, bobBefore] = [await volumeTotals('alice'), await volumeTotals('bob')];
      const moving = (await alice.client.ok('listVolumes', { virtualmachineid: scripted.id })).volume as Body[];
      const gib = moving.reduce((n, v) => n + Number(v.size), 0) / 2 ** 30;
      const r = await admin.ok('assignVirtualMachine', { virtualmachineid: scripted.id, account: 'bob', domainid: bob.account.domainid });
      assert.equal(r.virtualmachine.account, 'bob');
      const bobVolumes = (await bob.client.ok('listVolumes', { virtualmachineid: scripted.id })).volume as Body[];
      assert.deepEqual(bobVolumes.map((v) => v.id).sort(), moving.map((v) => v.id).sort());
      assert.equal((await alice.client.ok('listVolumes', { id: data.id })).volume, undefined);
      assert.deepEqual(await volumeTotals('alice'), [aliceBefore[0] - moving.length, aliceBefore[1] - gib]);
      assert.deepEqual(await volumeTotals('bob'), [bobBefore[0] + moving.length, bobBefore[1] + gib]);
      assert.equal(r.virtualmachine.nic.length, 1);
      assert.equal(((await bob.client.ok('listVirtualMachines', {})).virtualmachine as Body[]).length, 1);
      assert.equal((await alice.client.ok('listVirtualMachines', { name: 'scripted' })).virtualmachine, undefined);
    });
  });
}
