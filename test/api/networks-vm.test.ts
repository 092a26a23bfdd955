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
  describe(`guest networks of VMs [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let isolatedOfferingId: string;

    const deploy = (client: ApiClient, params: P = {}) =>
      job(client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params }).then((r) => r.virtualmachine as Body);
    const nics = async (client: ApiClient, params: P) => {
      const body = await client.ok('listNics', params);
      assertListResponse('listNics', body);
      return (body.nic ?? []) as Body[];
    };

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, (a) => buildSimZone(a)));
      await admin.ok('createVlanIpRange', { zoneid: sim.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.20', forvirtualnetwork: true });
      const offerings = (await admin.ok('listNetworkOfferings', {})).networkoffering as Body[];
      isolatedOfferingId = offerings.find((o) => o.name === 'DefaultIsolatedNetworkOfferingWithSourceNatService')?.id;
    });
    after(() => server?.stop());

    it('creates <account>-network on an account\'s first deploy and reuses it', async () => {
      const [first, second] = await Promise.all([deploy(alice.client), deploy(alice.client)]);
      const networks = (await alice.client.ok('listNetworks', {})).network as Body[];
      assert.equal(networks.length, 1, 'two first deploys racing share one network');
      assert.equal(networks[0].name, 'alice-network');
      assert.equal(networks[0].state, 'Implemented');
      const ips = [first, second].map((vm) => vm.nic[0].ipaddress as string).sort();
      assert.notEqual(ips[0], ips[1]);
      for (const vm of [first, second]) {
        assert.equal(vm.nic[0].networkid, networks[0].id);
        assert.match(vm.nic[0].macaddress as string, /^02:00(:[0-9a-f]{2}){4}$/);
      }
    });

    it('restarts a network (with and without clean-up) for its owner, and refuses other tenants', async () => {
      const [net] = (await alice.client.ok('listNetworks', {})).network as Body[];
      for (const cleanup of [false, true]) {
        const r = await job(alice.client, 'restartNetwork', { id: net.id, cleanup });
        assert.equal(r.success, true);
      }
      await jobError(bob.client, 'restartNetwork', { id: net.id }, 531);
    });

    it('lists the router of each implemented network for admins, as CloudStack router objects', async () => {
      const [net] = (await alice.client.ok('listNetworks', {})).network as Body[];
      const body = await admin.ok('listRouters', { listall: true, networkid: net.id });
      assertListResponse('listRouters', body);
      const [router] = body.router as Body[];
      assert.equal(router.guestnetworkid, net.id);
      assert.equal(router.state, 'Running');
      assert.equal(router.guestipaddress, net.gateway);
      assert.equal(router.account, 'alice');
      assert.match(router.name, /^r-[0-9a-f]{12}-VM$/);
      assert.equal((await admin.ok('listRouters', { listall: true, name: router.name })).count, 1);
      assert.equal((await admin.ok('listRouters', { listall: true, state: 'Stopped', networkid: net.id })).router, undefined);
      // keyword: the router's name, its network's name or its state.
      for (const keyword of [router.name.slice(2, 8).toUpperCase(), String(net.name), 'running']) {
        assert.ok(((await admin.ok('listRouters', { listall: true, keyword })).router as Body[]).some((r) => r.id === router.id), `keyword ${keyword}`);
      }
      assert.equal((await admin.ok('listRouters', { listall: true, keyword: 'no-such-router' })).count ?? 0, 0);
      assert.equal((await alice.client.call('listRouters', {})).status, 432, 'users do not see routers');
    });

    it('reports a router\'s health checks, run on its host, and lists routers by them', async () => {
      const [net] = (await alice.client.ok('listNetworks', {})).network as Body[];
      const [router] = (await admin.ok('listRouters', { listall: true, networkid: net.id })).router as Body[];
      const fresh = async () => (await admin.ok('getRouterHealthCheckResults', { routerid: router.id, performfreshchecks: true })).routerhealthchecks as Body;
      const healthy = await fresh();
      assertResponseFields('getRouterHealthCheckResults', healthy);
      assert.equal(healthy.routerid, router.id);
      assert.ok(healthy.healthchecks.length > 0 && healthy.healthchecks.every((c: Body) => c.success === true), JSON.stringify(healthy));
      assert.deepEqual(Object.keys(healthy.healthchecks[0]).sort(), ['checkname', 'checktype', 'details', 'lastupdated', 'success']);
      const listed = ((await admin.ok('listRouters', { listall: true, networkid: net.id, fetchhealthcheckresults: true })).router as Body[])[0];
      assert.equal(listed.healthchecksfailed, false);
      assert.equal(listed.healthcheckresults.length, healthy.healthchecks.length);
      assert.equal(((await admin.ok('listRouters', { listall: true, networkid: net.id })).router as Body[])[0].healthcheckresults, undefined, 'results only when asked');

      await job(admin, 'stopRouter', { id: router.id });
      const sick = await fresh();
      assert.ok(sick.healthchecks.some((c: Body) => c.success === false), 'a stopped router fails its checks');
      assert.equal((await admin.ok('listRouters', { listall: true, networkid: net.id, healthchecksfailed: true })).count, 1);
      await job(admin, 'startRouter', { id: router.id });
      assert.ok((await fresh()).healthchecks.every((c: Body) => c.success === true));
      assert.equal((await admin.ok('listRouters', { listall: true, networkid: net.id, healthchecksfailed: true })).count ?? 0, 0);
      assert.equal((await alice.client.call('getRouterHealthCheckResults', { routerid: router.id })).status, 432, 'users do not see router health');
    });

    it('stops, starts, reboots and destroys a router (admins); a VM start brings a destroyed one back', async () => {
      const [net] = (await alice.client.ok('listNetworks', {})).network as Body[];
      const router = () => admin.ok('listRouters', { listall: true, networkid: net.id }).then((b) => (b.router as Body[] | undefined)?.[0]);
      const first = (await router()) as Body;
      assert.equal((await job(admin, 'stopRouter', { id: first.id })).router.state, 'Stopped');
      assert.equal((await router())?.state, 'Stopped');
      assert.equal((await job(admin, 'startRouter', { id: first.id })).router.state, 'Running');
      assert.equal((await job(admin, 'rebootRouter', { id: first.id })).router.state, 'Running');
      assert.equal((await alice.client.call('stopRouter', { id: first.id })).status, 432, 'users do not manage routers');
      assert.equal((await job(admin, 'destroyRouter', { id: first.id })).router.state, 'Destroyed');
      assert.equal(await router(), undefined);
      await deploy(alice.client, { networkids: net.id as string });
      const again = (await router()) as Body;
      assert.equal(again.state, 'Running');
      assert.notEqual(again.id, first.id);
      await expectError(admin, 'startRouter', { id: first.id }, 431, /entity does not exist/);
    });

    it('lists a VM\'s NICs; other tenants get 531', async () => {
      const net = (await alice.client.ok('createNetwork', { name: 'app', networkofferingid: isolatedOfferingId, zoneid: sim.zone.id, gateway: '172.16.0.1', netmask: '255.255.255.0' })).network;
      const vm = await deploy(alice.client, { networkids: net.id as string, ipaddress: '172.16.0.77' });
      const [nic] = await nics(alice.client, { virtualmachineid: vm.id as string });
      assertResponseFields('listNics', nic);
      assert.equal(nic.ipaddress, '172.16.0.77');
      assert.equal(nic.gateway, '172.16.0.1');
      assert.equal(nic.netmask, '255.255.255.0');
      assert.equal(nic.isdefault, true);
      assert.equal(nic.networkid, net.id);
      assert.equal(nic.virtualmachineid, vm.id);
      assert.equal((await nics(alice.client, { virtualmachineid: vm.id as string, nicid: nic.id as string })).length, 1);
      assert.equal((await nics(alice.client, { virtualmachineid: vm.id as string, networkid: crypto.randomUUID() })).length, 0);
      await expectError(bob.client, 'listNics', { virtualmachineid: vm.id as string }, 531);
      await expectError(alice.client, 'listNics', { virtualmachineid: crypto.randomUUID() }, 431);
      await expectError(alice.client, 'listNics', {}, 431, /virtualmachineid/);
    });

    it('refuses a fixed IP that is taken and a network of another tenant', async () => {
      const net = (await alice.client.ok('listNetworks', { name: 'app' })).network[0];
      await jobError(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, networkids: net.id as string, ipaddress: '172.16.0.77' }, 431, /in use/);
      await jobError(bob.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, networkids: net.id as string }, 531);
    });

    it('refuses to delete a network VMs use (536), and deletes it once they are expunged', async () => {
      const net = (await alice.client.ok('listNetworks', { name: 'app' })).network[0];
      await jobError(alice.client, 'deleteNetwork', { id: net.id as string }, 536, /in use/);
      const ip = (await job(alice.client, 'associateIpAddress', { networkid: net.id as string })).ipaddress as Body;
      await job(alice.client, 'createPortForwardingRule', { ipaddressid: ip.id as string, protocol: 'tcp', publicport: 22, privateport: 22, virtualmachineid: (await alice.client.ok('listVirtualMachines', { networkid: net.id as string })).virtualmachine[0].id });
      await job(alice.client, 'createEgressFirewallRule', { networkid: net.id as string, protocol: 'tcp', startport: 25, endport: 25 });
      const [nic] = (await alice.client.ok('listNics', { virtualmachineid: (await alice.client.ok('listVirtualMachines', { networkid: net.id as string })).virtualmachine[0].id })).nic;
      await job(admin, 'destroyVirtualMachine', { id: nic.virtualmachineid as string, expunge: true });
      assert.equal((await alice.client.ok('listPortForwardingRules', { ipaddressid: ip.id as string })).count ?? 0, 0, 'the expunged VM took its port forward along');
      assert.equal((await alice.client.ok('listFirewallRules', { ipaddressid: ip.id as string })).count ?? 0, 0, 'and the firewall rule opened for it');
      await job(alice.client, 'deleteNetwork', { id: net.id as string });
      assert.deepEqual((await alice.client.ok('listNetworks', { name: 'app' })).network ?? [], []);
      assert.equal((await alice.client.ok('listPublicIpAddresses', { associatednetworkid: net.id as string })).count ?? 0, 0, 'its public addresses went back');
      assert.equal((await admin.ok('listPublicIpAddresses', { ipaddress: ip.ipaddress as string, listall: true })).count ?? 0, 0, 'the address is free again');
      assert.equal((await alice.client.ok('listEgressFirewallRules', { networkid: net.id as string })).count ?? 0, 0);
    });
  });
}
