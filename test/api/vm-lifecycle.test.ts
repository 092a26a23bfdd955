import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, waitFor, type SimZone } from '../support/compute.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

async function expectError(client: ApiClient, command: string, params: Record<string, string | number | boolean>, code: number, text?: RegExp) {
  const r = await client.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
  if (text) assert.match(r.body.errortext as string, text);
}

/** Runs an async command and expects it to succeed; returns its jobresult. */
async function job(client: ApiClient, command: string, params: Record<string, string | number | boolean>): Promise<Body> {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 1, `${command}: ${JSON.stringify(r.jobresult)}`);
  assert.equal(r.jobresultcode, 0);
  return r.jobresult as Body;
}

async function jobError(client: ApiClient, command: string, params: Record<string, string | number | boolean>, code: number, text?: RegExp) {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 2, `${command} should fail: ${JSON.stringify(r.jobresult)}`);
  assert.equal(r.jobresult.errorcode, code, JSON.stringify(r.jobresult));
  if (text) assert.match(r.jobresult.errortext as string, text);
}

for (const dialect of testDialects()) {
  describe(`VM lifecycle [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let vm: Body;

    const vms = async (client: ApiClient, params: Record<string, string | number | boolean> = {}) => {
      const body = await client.ok('listVirtualMachines', params);
      assertListResponse('listVirtualMachines', body);
      return (body.virtualmachine ?? []) as Body[];
    };
    const hostUsage = async () => {
      const h = (await admin.ok('listHosts', { id: sim.hosts[0].id })).host[0];
      return { cpu: h.cpuallocatedvalue ?? h.cpuallocated, mem: h.memoryallocated };
    };
    const deploy = (client: ApiClient, params: Record<string, string | number | boolean> = {}) =>
      client.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params });

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin);
      alice = await createTenant(admin, { username: 'alice' });
      bob = await createTenant(admin, { username: 'bob' });
    });
    after(() => server?.stop());

    it('deploys and starts a VM with a name, group, key pair, user data and a NIC in the default network', async () => {
      await alice.client.ok('createSSHKeyPair', { name: 'k1' });
      const userdata = Buffer.from('#cloud-config\n').toString('base64');
      const r = await deploy(alice.client, { name: 'web1', displayname: 'Web 1', group: 'web', keypair: 'k1', userdata });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      vm = r.jobresult.virtualmachine as Body;
      assertResponseFields('listVirtualMachines', vm);
      assert.equal(vm.name, 'web1');
      assert.equal(vm.displayname, 'Web 1');
      assert.equal(vm.state, 'Running');
      assert.equal(vm.group, 'web');
      assert.equal(vm.keypairs, 'k1');
      assert.equal(vm.account, 'alice');
      assert.equal(vm.zoneid, sim.zone.id);
      assert.equal(vm.templateid, sim.template.id);
      assert.equal(vm.serviceofferingid, sim.offering.id);
      assert.equal(vm.cpunumber, 1);
      assert.equal(vm.memory, 512);
      assert.equal(vm.hostid, undefined, 'users do not see the host');
      assert.equal(vm.nic.length, 1);
      assert.equal(vm.nic[0].isdefault, true);
      assert.match(vm.nic[0].ipaddress as string, /^10\.1\.1\.\d+$/);
      assert.equal(vm.ipaddress, vm.nic[0].ipaddress);
      assert.equal(typeof vm.password, 'string', 'the password of a password-enabled template is shown once');
      const [listed] = await vms(alice.client, { id: vm.id });
      assert.equal(listed.password, undefined);
      assert.equal(listed.state, 'Running');
      const userData = await alice.client.ok('getVirtualMachineUserData', { virtualmachineid: vm.id });
      assert.equal(userData.virtualmachineuserdata.userdata, userdata);
      const [asAdmin] = await vms(admin, { id: vm.id, listall: true });
      assert.equal(asAdmin.hostid, sim.hosts[0].id);
      assert.match(asAdmin.instancename as string, /^i-[0-9a-f]{12}-VM$/);
    });

    it('refuses bad deploys with clear errors', async () => {
      await expectError(alice.client, 'deployVirtualMachine', { serviceofferingid: sim.offering.id, templateid: sim.template.id }, 431, /missing parameter zoneid/);
      await expectError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: crypto.randomUUID() }, 431, /Invalid parameter templateid/);
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name: '1bad_name' }, 431, /Invalid name/);
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name: 'web1' }, 431, /already exists/);
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, keypair: 'nope' }, 431, /nope/);
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, userdata: '%%%' }, 431, /base64/);
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, hostid: sim.hosts[0].id }, 531);
      // Libcloud's create_node(ex_security_groups=[...]) sends securitygroupnames: refused, not ignored.
      for (const sg of [{ securitygroupnames: 'default' }, { securitygroupids: crypto.randomUUID() }] as Record<string, string>[]) {
        await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name: 'sg1', ...sg }, 431, /Can't create vm with security groups; security group feature is not enabled per zone/);
      }
      assert.deepEqual((await vms(alice.client, { name: 'sg1' })).length, 0);
    });

    it('answers 533 with a clear text when no host fits, and places by the offering\'s host tags', async () => {
      const tagged = (await admin.ok('createServiceOffering', { name: 'gpu', displaytext: 'GPU', cpunumber: 1, cpuspeed: 500, memory: 512, hosttags: 'gpu' })).serviceoffering;
      const huge = (await admin.ok('createServiceOffering', { name: 'huge', displaytext: 'Huge', cpunumber: 1, cpuspeed: 500, memory: 32768 })).serviceoffering;
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: huge.id, templateid: sim.template.id, name: 'huge' }, 533, /no host in zone .* 32768 MiB memory free/);
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: tagged.id, templateid: sim.template.id, name: 'gpu1' }, 533, /with host tags gpu/);
      assert.deepEqual(await vms(admin, { listall: true, name: 'gpu1' }), [], 'nothing is left of a refused deploy');
      await admin.ok('updateHost', { id: sim.hosts[0].id, hosttags: 'gpu' });
      const r = await deploy(alice.client, { serviceofferingid: tagged.id, name: 'gpu1' });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      assert.equal((await vms(admin, { listall: true, id: r.jobresult.virtualmachine.id }))[0].hostid, sim.hosts[0].id);
      await admin.job('destroyVirtualMachine', { id: r.jobresult.virtualmachine.id, expunge: true });
      await admin.ok('updateHost', { id: sim.hosts[0].id, hosttags: '' });
    });

    it('creates a stopped VM with startvm=false, and starts it later', async () => {
      const r = await deploy(alice.client, { name: 'later', startvm: false });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      const later = r.jobresult.virtualmachine as Body;
      assert.equal(later.state, 'Stopped');
      const started = (await job(alice.client, 'startVirtualMachine', { id: later.id })).virtualmachine;
      assert.equal(started.state, 'Running');
      await jobError(alice.client, 'startVirtualMachine', { id: later.id }, 431, /state Running/);
    });

    it('stops (gives back host capacity), starts and reboots', async () => {
      const before = await hostUsage();
      const stopped = (await job(alice.client, 'stopVirtualMachine', { id: vm.id })).virtualmachine;
      assert.equal(stopped.state, 'Stopped');
      const during = await hostUsage();
      assert.notDeepEqual(during, before, 'stopping gives back CPU and memory');
      await jobError(alice.client, 'stopVirtualMachine', { id: vm.id }, 431, /state Stopped/);
      await jobError(alice.client, 'rebootVirtualMachine', { id: vm.id }, 431, /state Stopped/);
      assert.equal((await job(alice.client, 'startVirtualMachine', { id: vm.id })).virtualmachine.state, 'Running');
      assert.deepEqual(await hostUsage(), before);
      assert.equal((await job(alice.client, 'rebootVirtualMachine', { id: vm.id })).virtualmachine.state, 'Running');
      assert.equal((await job(alice.client, 'stopVirtualMachine', { id: vm.id, forced: true })).virtualmachine.state, 'Stopped');
      await job(alice.client, 'startVirtualMachine', { id: vm.id });
    });

    it('lists by name, state, zone, template, group keyword and paging, within the caller\'s reach', async () => {
      assert.deepEqual((await vms(alice.client)).map((v) => v.name), ['web1', 'later']);
      assert.deepEqual((await vms(alice.client, { name: 'later' })).map((v) => v.name), ['later']);
      assert.equal((await vms(alice.client, { state: 'running' })).length, 2);
      assert.equal((await vms(alice.client, { state: 'Stopped' })).length, 0);
      assert.equal((await vms(alice.client, { zoneid: sim.zone.id, templateid: sim.template.id })).length, 2);
      assert.deepEqual((await vms(alice.client, { keyword: 'WEB' })).map((v) => v.name), ['web1']);
      assert.deepEqual((await vms(alice.client, { keypair: 'k1' })).map((v) => v.name), ['web1']);
      const page = await alice.client.ok('listVirtualMachines', { page: 2, pagesize: 1 });
      assert.equal(page.count, 2);
      assert.equal(page.virtualmachine[0].name, 'later');
      const min = (await vms(alice.client, { id: vm.id, details: 'min' }))[0];
      assert.equal(min.nic, undefined);
      assert.equal(min.name, 'web1');
      await expectError(alice.client, 'listVirtualMachines', { details: 'bogus' }, 431, /details/);
      // Tenant isolation.
      assert.deepEqual(await vms(bob.client), []);
      assert.deepEqual(await vms(bob.client, { id: vm.id }), []);
      await expectError(bob.client, 'listVirtualMachines', { account: 'alice', domainid: alice.account.domainid }, 531);
      assert.deepEqual(await vms(admin), [], 'an admin sees its own account\'s VMs without listall');
      assert.equal((await vms(admin, { listall: true })).length, 2);
      assert.equal((await vms(admin, { hostid: sim.hosts[0].id, listall: true })).length, 2);
    });

    it('keeps other accounts out of every VM action', async () => {
      for (const [command, params] of [
        ['startVirtualMachine', { id: vm.id }],
        ['stopVirtualMachine', { id: vm.id }],
        ['rebootVirtualMachine', { id: vm.id }],
        ['destroyVirtualMachine', { id: vm.id }],
        ['resetPasswordForVirtualMachine', { id: vm.id }],
        ['resetSSHKeyForVirtualMachine', { id: vm.id, keypair: 'k1' }],
        ['scaleVirtualMachine', { id: vm.id, serviceofferingid: sim.offering.id }],
        ['detachIso', { virtualmachineid: vm.id }],
      ] as const) {
        await jobError(bob.client, command, params, 531);
      }
      await expectError(bob.client, 'updateVirtualMachine', { id: vm.id, displayname: 'x' }, 531);
      await expectError(bob.client, 'recoverVirtualMachine', { id: vm.id }, 531);
      await expectError(bob.client, 'getVirtualMachineUserData', { virtualmachineid: vm.id }, 531);
      await expectError(bob.client, 'changeServiceForVirtualMachine', { id: vm.id, serviceofferingid: sim.offering.id }, 531);
      await expectError(alice.client, 'updateVirtualMachine', { id: crypto.randomUUID() }, 431, /Invalid parameter id value=.* entity does not exist/);
    });

    it('updates names, group, details and delete protection', async () => {
      const r = await alice.client.ok('updateVirtualMachine', { id: vm.id, displayname: 'Web One', group: 'front', 'details[0].purpose': 'demo', deleteprotection: true });
      assertResponseFields('updateVirtualMachine', r.virtualmachine);
      assert.equal(r.virtualmachine.displayname, 'Web One');
      assert.equal(r.virtualmachine.group, 'front');
      assert.equal(r.virtualmachine.details.purpose, 'demo');
      assert.equal(r.virtualmachine.deleteprotection, true);
      await expectError(alice.client, 'updateVirtualMachine', { id: vm.id, name: 'renamed' }, 431, /stopped/);
      await jobError(alice.client, 'destroyVirtualMachine', { id: vm.id }, 431, /delete protection/);
      await alice.client.ok('updateVirtualMachine', { id: vm.id, deleteprotection: false });
    });

    it('destroys (stopping first), recovers for admins, and expunges with everything given back', async () => {
      await jobError(admin, 'expungeVirtualMachine', { id: vm.id }, 431, /state Running/);
      const usedBefore = await hostUsage();
      const destroyed = (await job(alice.client, 'destroyVirtualMachine', { id: vm.id })).virtualmachine;
      assert.equal(destroyed.state, 'Destroyed');
      assert.notDeepEqual(await hostUsage(), usedBefore);
      assert.deepEqual(await vms(alice.client, { id: vm.id }), [], 'users do not see destroyed VMs');
      assert.equal((await vms(admin, { id: vm.id, listall: true }))[0].state, 'Destroyed');
      await expectError(alice.client, 'recoverVirtualMachine', { id: vm.id }, 531, /allow.user.expunge.recover.vm/);
      assert.equal((await admin.ok('recoverVirtualMachine', { id: vm.id })).virtualmachine.state, 'Stopped');
      await job(alice.client, 'destroyVirtualMachine', { id: vm.id });
      await jobError(alice.client, 'expungeVirtualMachine', { id: vm.id }, 531);
      assert.equal((await admin.job('expungeVirtualMachine', { id: vm.id })).jobstatus, 1);
      assert.deepEqual(await vms(admin, { id: vm.id, listall: true }), []);
      // Expunged VMs are deleted: the id is unknown now.
      await expectError(admin, 'recoverVirtualMachine', { id: vm.id }, 431, /entity does not exist/);
      // Its NIC address is free again: a new VM may take it.
      const again = await deploy(alice.client, { name: 'web1', ipaddress: vm.nic[0].ipaddress as string });
      assert.equal(again.jobstatus, 1, JSON.stringify(again.jobresult));
      assert.equal(again.jobresult.virtualmachine.nic[0].ipaddress, vm.nic[0].ipaddress);
    });

    it('expunges destroyed VMs in the background after expunge.delay', async () => {
      await admin.ok('updateConfiguration', { name: 'expunge.delay', value: 0 });
      await admin.ok('updateConfiguration', { name: 'expunge.interval', value: 1 });
      const [later] = await vms(alice.client, { name: 'later' });
      await job(alice.client, 'destroyVirtualMachine', { id: later.id });
      await waitFor('the expunger', async () => ((await vms(admin, { id: later.id, listall: true })).length === 0 ? true : undefined));
    });

    it('destroys with expunge=true at once for admins', async () => {
      const [web] = await vms(alice.client, { name: 'web1' });
      const r = await job(admin, 'destroyVirtualMachine', { id: web.id, expunge: true });
      assert.equal(r.virtualmachine.id, web.id);
      assert.deepEqual(await vms(admin, { id: web.id, listall: true }), []);
    });
  });
}
