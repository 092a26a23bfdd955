import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, waitFor, type SimZone } from '../support/compute.ts';
import { assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

type P = Record<string, string | number | boolean>;

async function job(client: ApiClient, command: string, params: P): Promise<Body> {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 1, `${command}: ${JSON.stringify(r.jobresult)}`);
  return r.jobresult as Body;
}

async function jobError(client: ApiClient, command: string, params: P, code: number, text?: RegExp) {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 2, `${command} should fail: ${JSON.stringify(r.jobresult)}`);
  assert.equal(r.jobresult.errorcode, code, JSON.stringify(r.jobresult));
  if (text) assert.match(r.jobresult.errortext as string, text);
}

async function expectError(client: ApiClient, command: string, params: P, code: number, text?: RegExp) {
  const r = await client.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
  if (text) assert.match(r.body.errortext as string, text);
}

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
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin, { hosts: 2 });
      medium = ((await admin.ok('listServiceOfferings', { name: 'Medium Instance' })).serviceoffering as Body[])[0];
      alice = await createTenant(admin, { username: 'alice' });
      bob = await createTenant(admin, { username: 'bob' });
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
    });

    it('deploys with registered user data, which cannot be deleted while a VM uses it', async () => {
      const data = Buffer.from('#!/bin/sh\necho hi\n').toString('base64');
      const ud = (await alice.client.ok('registerUserData', { name: 'boot', userdata: data })).userdata;
      const v = await deploy(alice.client, { name: 'scripted', userdataid: ud.id, startvm: false });
      assert.equal(v.userdataid, ud.id);
      assert.equal(v.userdataname, 'boot');
      assert.equal((await alice.client.ok('getVirtualMachineUserData', { virtualmachineid: v.id })).virtualmachineuserdata.userdata, data);
      await expectError(alice.client, 'deleteUserData', { id: ud.id }, 536, /used by 1 VM/);
      await expectError(bob.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, userdataid: ud.id }, 200);
    });

    it('assigns a stopped VM to another account (admins), moving its NICs and counts', async () => {
      const [scripted] = (await alice.client.ok('listVirtualMachines', { name: 'scripted' })).virtualmachine as Body[];
      await expectError(alice.client, 'assignVirtualMachine', { virtualmachineid: scripted.id, account: 'bob', domainid: bob.account.domainid }, 432);
      await expectError(admin, 'assignVirtualMachine', { virtualmachineid: vm.id, account: 'bob', domainid: bob.account.domainid }, 431, /only stopped/);
      const r = await admin.ok('assignVirtualMachine', { virtualmachineid: scripted.id, account: 'bob', domainid: bob.account.domainid });
      assert.equal(r.virtualmachine.account, 'bob');
      assert.equal(r.virtualmachine.nic.length, 1);
      assert.equal(((await bob.client.ok('listVirtualMachines', {})).virtualmachine as Body[]).length, 1);
      assert.equal((await alice.client.ok('listVirtualMachines', { name: 'scripted' })).virtualmachine, undefined);
    });
  });
}
