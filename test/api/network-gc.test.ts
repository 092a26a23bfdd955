import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { acquire, job, jobError, type P } from '../support/network-rules.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

for (const dialect of testDialects()) {
  describe(`guest VLANs and network garbage collection [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let sim: SimZone;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let aliceVm: Body;
    let aliceNet: Body;
    let persistentVm: Body;
    let persistentNet: Body;
    let lateVm: Body;
    let lateNet: Body;

    const deploy = (client: ApiClient, params: P = {}) =>
      job(client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params }).then((r) => r.virtualmachine as Body);
    const network = async (id: string) => ((await admin.ok('listNetworks', { id, listall: true })).network as Body[])[0];
    const routerOf = async (networkId: string) => ((await admin.ok('listRouters', { listall: true, networkid: networkId })).router as Body[] | undefined)?.[0];
    const until = async (what: string, check: () => Promise<boolean>) => {
      const deadline = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
        await sleep(250);
      }
    };

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, async (a) => {
        const zone = await buildSimZone(a);
        await job(a, 'createPhysicalNetwork', { zoneid: zone.zone.id, name: 'guest-phys', vlan: '100-102' });
        await a.ok('createVlanIpRange', { zoneid: zone.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.20', forvirtualnetwork: true });
        return zone;
      }));
      aliceVm = await deploy(alice.client, { name: 'alice-vm' });
      aliceNet = await network(aliceVm.nic[0].networkid as string);
      await deploy(bob.client, { name: 'bob-vm' });
      const ip = await acquire(alice.client, sim.zone.id);
      await job(alice.client, 'createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 22, cidrlist: '203.0.113.0/24' });
    });
    after(() => server?.stop());

    it('implements a network with the lowest free VLAN of the zone\'s physical network, shown to root admins only', async () => {
      assert.equal(aliceNet.state, 'Implemented');
      assert.equal(aliceNet.vlan, '100');
      assert.equal(aliceNet.broadcasturi, 'vlan://100');
      const bobNet = ((await bob.client.ok('listNetworks', {})).network as Body[])[0];
      assert.equal(bobNet.vlan, undefined, 'CloudStack shows VLANs to root admins only');
      assert.equal((await network(bobNet.id)).vlan, '101');
      const [vlans] = (await admin.ok('listCapacity', { zoneid: sim.zone.id, type: 7 })).capacity as Body[];
      assert.deepEqual([vlans.capacityused, vlans.capacitytotal], [2, 3], 'listCapacity counts the VLANs in use');
      const [physical] = (await admin.ok('listPhysicalNetworks', { zoneid: sim.zone.id })).physicalnetwork as Body[];
      await jobError(admin, 'updatePhysicalNetwork', { id: physical.id, vlan: '101-110' }, 431, /guest VLANs 100 of physical network guest-phys are in use/);
      await jobError(admin, 'deletePhysicalNetwork', { id: physical.id }, 536, /carries implemented guest networks/);
    });

    it('refuses to implement a network when the range is full (naming the physical network) and leaves the VM Stopped, its network Allocated', async () => {
      const offering = (
        await admin.ok('createNetworkOffering', {
          name: 'Persistent', displaytext: 'Persistent isolated', guestiptype: 'Isolated', traffictype: 'GUEST', supportedservices: 'Dhcp,Dns,SourceNat',
          'serviceproviderlist[0].service': 'Dhcp', 'serviceproviderlist[0].provider': 'VirtualRouter', ispersistent: true,
        })
      ).networkoffering as Body;
      await admin.ok('updateNetworkOffering', { id: offering.id, state: 'Enabled' });
      persistentNet = (await alice.client.ok('createNetwork', { name: 'kept', networkofferingid: offering.id, zoneid: sim.zone.id })).network as Body;
      persistentVm = await deploy(alice.client, { name: 'kept-vm', networkids: persistentNet.id });
      assert.equal((await network(persistentNet.id)).vlan, '102');

      const isolated = ((await admin.ok('listNetworkOfferings', { name: 'DefaultIsolatedNetworkOfferingWithSourceNatService' })).networkoffering as Body[])[0];
      lateNet = (await alice.client.ok('createNetwork', { name: 'late', networkofferingid: isolated.id, zoneid: sim.zone.id })).network as Body;
      lateVm = await deploy(alice.client, { name: 'late-vm', networkids: lateNet.id, startvm: false });
      await jobError(alice.client, 'startVirtualMachine', { id: lateVm.id }, 533, /every guest VLAN of physical network guest-phys \(range 100-102\) is taken/);
      const vm = ((await alice.client.ok('listVirtualMachines', { id: lateVm.id })).virtualmachine as Body[])[0];
      assert.equal(vm.state, 'Stopped');
      const late = await network(lateNet.id);
      assert.equal(late.state, 'Allocated');
      assert.equal(late.vlan, undefined);
    });

    it('shuts a network down network.gc.wait after its last VM stopped: router gone, VLAN released, Allocated; persistent networks stay', async () => {
      for (const [name, value] of [['network.gc.wait', '1'], ['network.gc.interval', '1']]) await admin.ok('updateConfiguration', { name, value });
      await job(alice.client, 'stopVirtualMachine', { id: aliceVm.id });
      await job(alice.client, 'stopVirtualMachine', { id: persistentVm.id });
      await until('alice-network is shut down', async () => (await network(aliceNet.id)).state === 'Allocated');
      const shut = await network(aliceNet.id);
      assert.equal(shut.vlan, undefined);
      assert.equal(shut.broadcasturi, undefined);
      assert.equal(await routerOf(aliceNet.id), undefined);
      const events = (await admin.ok('listEvents', { type: 'ROUTER.DESTROY', listall: true })).event as Body[];
      assert.ok(events.some((e) => (e.description as string).includes(`network ${aliceNet.name} shut down`) && (e.description as string).includes('vlan://100 released')), JSON.stringify(events));
      // NICs, public addresses and rules stay for the next start.
      const nics = (await alice.client.ok('listNics', { virtualmachineid: aliceVm.id })).nic as Body[];
      assert.equal(nics[0].ipaddress, aliceVm.nic[0].ipaddress);
      assert.equal(((await alice.client.ok('listPublicIpAddresses', { associatednetworkid: aliceNet.id })).publicipaddress as Body[]).length, 2);
      assert.equal(((await alice.client.ok('listFirewallRules', {})).firewallrule as Body[]).length, 1);

      await sleep(2500);
      const kept = await network(persistentNet.id);
      assert.deepEqual([kept.state, kept.vlan], ['Implemented', '102'], 'a network of a persistent offering is not collected');
      assert.ok(await routerOf(persistentNet.id));
    });

    it('gives a released VLAN to the next network implemented', async () => {
      await job(alice.client, 'startVirtualMachine', { id: lateVm.id });
      const late = await network(lateNet.id);
      assert.deepEqual([late.state, late.vlan], ['Implemented', '100']);
      await job(alice.client, 'stopVirtualMachine', { id: lateVm.id });
      await until('the late network is shut down', async () => (await network(lateNet.id)).state === 'Allocated');
    });

    it('implements a shut-down network again at its next VM start: new VLAN, router with every lease', async () => {
      await job(alice.client, 'startVirtualMachine', { id: aliceVm.id });
      const back = await network(aliceNet.id);
      assert.deepEqual([back.state, back.vlan, back.broadcasturi], ['Implemented', '100', 'vlan://100']);
      const router = await routerOf(aliceNet.id);
      assert.equal(router?.state, 'Running');
      // The source NAT address the shutdown kept is the rebuilt router's again: implementing takes no other.
      const ips = (await alice.client.ok('listPublicIpAddresses', { associatednetworkid: aliceNet.id })).publicipaddress as Body[];
      assert.equal(ips.length, 2);
      assert.equal(router?.publicip, ips.find((i) => i.issourcenat)?.ipaddress);
      const health = (await admin.ok('getRouterHealthCheckResults', { routerid: router?.id, performfreshchecks: true })).routerhealthchecks as Body;
      const checks = health.healthchecks as Body[];
      assert.ok(checks.every((c) => c.success === true), JSON.stringify(checks));
      assert.equal(checks.find((c) => c.checkname === 'dnsmasq')?.details, '1 leases', 'the rebuilt router serves the lease of the VM');
      const vm = ((await alice.client.ok('listVirtualMachines', { id: aliceVm.id })).virtualmachine as Body[])[0];
      assert.equal(vm.nic[0].ipaddress, aliceVm.nic[0].ipaddress);
    });
  });
}
