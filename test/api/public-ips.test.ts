import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant } from '../support/identity.ts';
import { acquire, expectError, job, jobError, rulesWorld, type RulesWorld } from '../support/network-rules.ts';
import { testDialects } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`public IP addresses and static NAT [${dialect}]`, () => {
    let w: RulesWorld;
    before(async () => {
      w = await rulesWorld(dialect, { publicIps: 12 });
    });
    after(() => w?.server.stop());

    const ips = async (client = w.alice.client, params: Record<string, string | boolean> = {}) => {
      const body = await client.ok('listPublicIpAddresses', params);
      assertListResponse('listPublicIpAddresses', body);
      return (body.publicipaddress ?? []) as Body[];
    };

    it('acquires an address for the account\'s network; a network running VMs has its source NAT address already', async () => {
      const ip = await acquire(w.alice.client, w.sim.zone.id);
      assertResponseFields('associateIpAddress', ip);
      assert.match(ip.ipaddress, /^198\.51\.100\.\d+$/);
      assert.equal(ip.issourcenat, false);
      assert.equal(ip.isstaticnat, false);
      assert.equal(ip.associatednetworkid, w.aliceNetwork.id);
      assert.equal(ip.associatednetworkname, w.aliceNetwork.name);
      assert.equal(ip.account, 'alice');
      assert.equal(ip.zoneid, w.sim.zone.id);
      assert.equal(ip.state, 'Allocated');
      const mine = await ips();
      assert.equal(mine.length, 2);
      const snat = mine.find((i) => i.issourcenat);
      assert.ok(snat, 'the network got a source NAT address');
      assert.deepEqual((await ips(w.alice.client, { issourcenat: false })).map((i) => i.id), [ip.id]);
      assert.deepEqual((await ips(w.alice.client, { ipaddress: ip.ipaddress })).map((i) => i.id), [ip.id]);
      assert.deepEqual((await ips(w.alice.client, { id: ip.id })).map((i) => i.ipaddress), [ip.ipaddress]);
      assert.equal((await ips(w.alice.client, { associatednetworkid: w.aliceNetwork.id, zoneid: w.sim.zone.id, vlanid: ip.vlanid, allocatedonly: true })).length, 2);
      assert.equal((await ips(w.alice.client, { keyword: ip.ipaddress })).length, 1);
      assert.equal((await ips(w.alice.client, { forvirtualnetwork: false })).length, 0);
      await jobError(w.alice.client, 'disassociateIpAddress', { id: snat.id }, 431, /source NAT/);
      await job(w.alice.client, 'disassociateIpAddress', { id: ip.id });
      assert.deepEqual((await ips()).map((i) => i.id), [snat.id]);
    });

    it('makes the first address of an unused network its source NAT address', async () => {
      const offering = ((await w.admin.ok('listNetworkOfferings', { name: 'DefaultIsolatedNetworkOfferingWithSourceNatService' })).networkoffering as Body[])[0];
      const carol = (await createTenant(w.admin, { username: 'carol' })).client;
      await w.deploy(carol);
      const net = (await carol.ok('createNetwork', { name: 'spare', displaytext: 'spare', networkofferingid: offering.id, zoneid: w.sim.zone.id, gateway: '10.9.0.1', netmask: '255.255.255.0' })).network;
      const first = (await job(carol, 'associateIpAddress', { networkid: net.id })).ipaddress;
      const second = (await job(carol, 'associateIpAddress', { networkid: net.id })).ipaddress;
      assert.equal(first.issourcenat, true);
      assert.equal(second.issourcenat, false);
      assert.equal((await ips(carol, { associatednetworkid: net.id, issourcenat: true })).length, 1);
      // Two networks now: a zone alone no longer says which.
      await jobError(carol, 'associateIpAddress', { zoneid: w.sim.zone.id }, 431, /more than one isolated network/);
      await job(carol, 'disassociateIpAddress', { id: second.id });
      await jobError(carol, 'disassociateIpAddress', { id: first.id }, 431, /source NAT/);
      // Racing first addresses of an unused network: one of them is its source NAT address.
      const race = (await carol.ok('createNetwork', { name: 'race', displaytext: 'race', networkofferingid: offering.id, zoneid: w.sim.zone.id, gateway: '10.8.0.1', netmask: '255.255.255.0' })).network;
      const raced = await Promise.all([1, 2, 3].map(() => job(carol, 'associateIpAddress', { networkid: race.id })));
      assert.equal(raced.filter((r) => r.ipaddress.issourcenat).length, 1);
    });

    it('checks its parameters', async () => {
      await jobError(w.alice.client, 'associateIpAddress', {}, 431, /zoneid or networkid/);
      await jobError(w.admin, 'associateIpAddress', { zoneid: w.sim.zone.id }, 431, /doesn't have virtual networks/);
      await jobError(w.bob.client, 'associateIpAddress', { zoneid: w.sim.zone.id, ipaddress: '203.0.113.9' }, 534, /not free/);
      await jobError(w.bob.client, 'disassociateIpAddress', { id: crypto.randomUUID() }, 431);
    });

    it('keeps tenants apart: no one uses or sees another account\'s addresses', async () => {
      const ip = await acquire(w.bob.client, w.sim.zone.id);
      assert.equal((await ips(w.alice.client, { id: ip.id })).length, 0);
      await jobError(w.alice.client, 'disassociateIpAddress', { id: ip.id }, 531);
      await jobError(w.alice.client, 'associateIpAddress', { networkid: ip.associatednetworkid }, 531);
      await expectError(w.alice.client, 'enableStaticNat', { ipaddressid: ip.id, virtualmachineid: w.aliceVm.id }, 531);
      await expectError(w.bob.client, 'enableStaticNat', { ipaddressid: ip.id, virtualmachineid: w.aliceVm.id }, 531);
      const all = await ips(w.admin, { listall: true });
      assert.ok(all.some((i) => i.id === ip.id) && all.some((i) => i.account === 'alice'));
      assert.ok((await ips(w.bob.client)).every((i) => i.account === 'bob'));
      await job(w.bob.client, 'disassociateIpAddress', { id: ip.id });
    });

    it('maps an address to a VM with static NAT, shown as an IP forwarding rule', async () => {
      const ip = await acquire(w.alice.client, w.sim.zone.id);
      await expectError(w.alice.client, 'enableStaticNat', { ipaddressid: ip.id, virtualmachineid: w.aliceVm.id, vmguestip: '10.99.0.1' }, 431, /vmguestip/);
      assert.equal((await w.alice.client.ok('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: w.aliceVm.id })).success, true);
      await expectError(w.alice.client, 'enableStaticNat', { ipaddressid: ip.id, virtualmachineid: w.aliceVm.id }, 431, /already enabled/);
      const [listed] = await ips(w.alice.client, { isstaticnat: true });
      assert.equal(listed.id, ip.id);
      assert.equal(listed.virtualmachineid, w.aliceVm.id);
      assert.equal(listed.virtualmachinename, 'alice-vm');
      assert.equal(listed.vmipaddress, w.aliceVm.nic[0].ipaddress);
      const body = await w.alice.client.ok('listIpForwardingRules', {});
      assert.equal(body.count, 1);
      const rule = body.ipforwardingrule[0];
      assert.equal(rule.virtualmachineid, w.aliceVm.id);
      assert.equal(rule.ipaddress, ip.ipaddress);
      assert.equal(rule.startport, 1);
      assert.equal(rule.endport, 65535);
      assert.equal(typeof rule.protocol, 'string');
      assert.equal((await w.bob.client.ok('listIpForwardingRules', {})).count, undefined);
      assert.equal((await w.alice.client.ok('listIpForwardingRules', { virtualmachineid: w.bobVm.id })).count, undefined);
      const snat = (await ips(w.alice.client, { issourcenat: true }))[0];
      await expectError(w.alice.client, 'enableStaticNat', { ipaddressid: snat.id, virtualmachineid: w.aliceVm.id }, 431, /source NAT/);
      await job(w.alice.client, 'disableStaticNat', { ipaddressid: ip.id });
      assert.equal((await ips(w.alice.client, { id: ip.id }))[0].isstaticnat, false);
      await jobError(w.alice.client, 'disableStaticNat', { ipaddressid: ip.id }, 431, /not enabled/);
      // Releasing an address takes its static NAT with it.
      await w.alice.client.ok('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: w.aliceVm.id });
      await job(w.alice.client, 'disassociateIpAddress', { id: ip.id });
      assert.equal((await w.alice.client.ok('listIpForwardingRules', {})).count, undefined);
    });

    it('rolls the change back and fails the job when the router\'s host cannot take it', async () => {
      const before = (await ips()).length;
      await w.admin.ok('configureSimulatorHost', { hostid: w.sim.hosts[0].id, down: true });
      try {
        await jobError(w.alice.client, 'associateIpAddress', { zoneid: w.sim.zone.id }, 534, /unreachable/);
      } finally {
        await w.admin.ok('configureSimulatorHost', { hostid: w.sim.hosts[0].id, down: false });
      }
      assert.equal((await ips()).length, before);
    });

    it('runs out of addresses with 533 and counts them against the account\'s limit', async () => {
      await w.admin.ok('updateResourceLimit', { account: 'bob', domainid: w.bob.account.domainid, resourcetype: 1, max: 2 });
      await acquire(w.bob.client, w.sim.zone.id);
      await jobError(w.bob.client, 'associateIpAddress', { zoneid: w.sim.zone.id }, 532);
      await w.admin.ok('updateResourceLimit', { account: 'bob', domainid: w.bob.account.domainid, resourcetype: 1, max: -1 });
      const held = new Set((await ips(w.admin, { listall: true })).map((i) => i.id));
      for (let i = held.size; i < 12; i++) await acquire(w.bob.client, w.sim.zone.id);
      await jobError(w.bob.client, 'associateIpAddress', { zoneid: w.sim.zone.id }, 533, /no free public IP/);
    });
  });
}
