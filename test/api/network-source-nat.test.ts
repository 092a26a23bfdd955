import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { job, jobError, type P } from '../support/calls.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { assertListResponse } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

// Implementing an isolated network gives it its source NAT address (CloudStack's assignSourceNatIpAddressToGuestNetwork).
for (const dialect of testDialects()) {
  describe(`source NAT address of an implemented network [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;

    const deploy = (client: ApiClient, params: P = {}) =>
      job(client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params }).then((r) => r.virtualmachine as Body);
    const ipsOf = async (client: ApiClient, params: P) => ((await client.ok('listPublicIpAddresses', params)).publicipaddress ?? []) as Body[];
    const ipCount = async (t: TenantAccount) => Number(((await admin.ok('listAccounts', { id: t.account.id as string })).account as Body[])[0].iptotal);
    const routerOf = async (networkId: string) => ((await admin.ok('listRouters', { listall: true, networkid: networkId })).router ?? []) as Body[];

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, (a) => buildSimZone(a)));
    });
    after(() => server?.stop());

    it('deploys in a zone without public ranges: a guest-only network, no address, a router without publicip', async () => {
      const vm = await deploy(alice.client);
      const networkId = vm.nic[0].networkid as string;
      assert.deepEqual(await ipsOf(alice.client, { associatednetworkid: networkId }), []);
      const [router] = await routerOf(networkId);
      assert.equal(router.publicip, undefined);
      assert.equal(await ipCount(alice), 0);
      // Five addresses from here on: bob's two, alice's two, carol's source NAT; then none is free.
      await admin.ok('createVlanIpRange', { zoneid: sim.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.14', forvirtualnetwork: true });
    });

    it('gives a network its source NAT address at its first VM start, counted, shown on the address and the router', async () => {
      const vm = await deploy(bob.client);
      const networkId = vm.nic[0].networkid as string;
      const [snat, ...others] = await ipsOf(bob.client, { associatednetworkid: networkId });
      assert.equal(others.length, 0);
      assert.equal(snat.issourcenat, true);
      assert.equal(snat.associatednetworkid, networkId);
      assert.equal(snat.state, 'Allocated');
      assert.match(snat.ipaddress as string, /^198\.51\.100\.1[0-4]$/);
      assert.equal(await ipCount(bob), 1);
      const body = await admin.ok('listRouters', { listall: true, networkid: networkId });
      assertListResponse('listRouters', body);
      const [router] = body.router as Body[];
      assert.equal(router.publicip, snat.ipaddress);
      assert.equal(router.publicnetmask, '255.255.255.0');
      // A second VM in the implemented network takes no other address, and the address stays with the network.
      await deploy(bob.client);
      assert.equal((await ipsOf(bob.client, { associatednetworkid: networkId })).length, 1);
      await jobError(bob.client, 'disassociateIpAddress', { id: snat.id as string }, 431, /source NAT/);
    });

    it('gives the first associateIpAddress a second address, not source NAT', async () => {
      const [net] = (await bob.client.ok('listNetworks', {})).network as Body[];
      const ip = (await job(bob.client, 'associateIpAddress', { networkid: net.id as string })).ipaddress as Body;
      assert.equal(ip.issourcenat, false);
      const all = await ipsOf(bob.client, { associatednetworkid: net.id as string });
      assert.deepEqual(all.map((i) => i.issourcenat).sort(), [false, true]);
      assert.equal(await ipCount(bob), 2);
    });

    it('gives a network implemented while its zone had no public range its source NAT address with its first associateIpAddress', async () => {
      const [net] = (await alice.client.ok('listNetworks', {})).network as Body[];
      const ip = (await job(alice.client, 'associateIpAddress', { networkid: net.id as string })).ipaddress as Body;
      assert.equal(ip.issourcenat, false);
      assert.deepEqual((await ipsOf(alice.client, { associatednetworkid: net.id as string })).map((i) => i.issourcenat).sort(), [false, true]);
      assert.equal(await ipCount(alice), 2);
    });

    it('fails the start when the account is at its public_ip limit', async () => {
      const dave = await createTenant(admin, { username: 'dave' });
      await admin.ok('updateResourceLimit', { account: 'dave', domainid: dave.account.domainid as string, resourcetype: 1, max: 0 });
      const r = await dave.client.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id });
      assert.equal(r.jobstatus, 2, JSON.stringify(r.jobresult));
      // The limit is the account's, not the host's: no other host is tried, and the error is CloudStack's 532.
      assert.equal(r.jobresult.errorcode, 532, JSON.stringify(r.jobresult));
      assert.match(r.jobresult.errortext as string, /public_ip/, JSON.stringify(r.jobresult));
      assert.equal(await ipCount(dave), 0);
      assert.equal((await dave.client.ok('listVirtualMachines', {})).virtualmachine, undefined);
    });

    it('fails the start with 533 when the zone has no free address, and keeps nothing it took', async () => {
      const carol = await createTenant(admin, { username: 'carol' });
      await deploy(carol.client);
      const erin = await createTenant(admin, { username: 'erin' });
      await jobError(erin.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id }, 533, /source NAT/);
      assert.equal((await erin.client.ok('listVirtualMachines', {})).virtualmachine, undefined, 'the failed deploy left no VM');
      const [net] = (await admin.ok('listNetworks', { listall: true, account: 'erin', domainid: erin.account.domainid as string })).network as Body[];
      assert.equal(net.state, 'Allocated');
      assert.equal(net.broadcasturi, undefined, 'no guest VLAN kept');
      assert.deepEqual(await routerOf(net.id as string), []);
      assert.equal(await ipCount(erin), 0);
      // A VM created stopped and then started stays Stopped.
      const stopped = await deploy(erin.client, { startvm: false });
      await jobError(erin.client, 'startVirtualMachine', { id: stopped.id as string }, 533, /no free public IP/);
      const [again] = (await erin.client.ok('listVirtualMachines', { id: stopped.id as string })).virtualmachine as Body[];
      assert.equal(again.state, 'Stopped');
      assert.deepEqual(await routerOf(net.id as string), []);
    });

    it('gives the addresses back with the network', async () => {
      const held = async () => (await ipsOf(admin, { listall: true, zoneid: sim.zone.id as string })).length;
      const before = await held();
      const vms = (await bob.client.ok('listVirtualMachines', {})).virtualmachine as Body[];
      const networkId = vms[0].nic[0].networkid as string;
      for (const vm of vms) await job(admin, 'destroyVirtualMachine', { id: vm.id as string, expunge: true });
      await job(bob.client, 'deleteNetwork', { id: networkId });
      assert.equal(await ipCount(bob), 0);
      assert.equal(await held(), before - 2);
    });
  });
}
