import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { createSimZone, type SimZone } from '../support/infrastructure.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`infrastructure: physical networks, public IP ranges, capacity [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let user: TenantAccount;
    let sim: SimZone;
    let net: Body;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      user = await createTenant(admin, { username: 'netuser' });
      sim = await createSimZone(admin, { name: 'NZ', hosts: 2, hostQuery: 'cpunumber=2&cpuspeed=1000&memory=2048' });
    });
    after(() => server?.stop());

    it('creates a physical network as a job, Disabled, with the default providers', async () => {
      const job = await admin.job('createPhysicalNetwork', { zoneid: sim.zone.id, name: 'phys', isolationmethods: 'VLAN', vlan: '100-200', broadcastdomainrange: 'zone' });
      assert.equal(job.jobstatus, 1, JSON.stringify(job));
      net = job.jobresult.physicalnetwork as Body;
      assertResponseFields('createPhysicalNetwork', net);
      assert.equal(net.state, 'Disabled');
      assert.equal(net.vlan, '100-200');
      assert.equal(net.isolationmethods, 'VLAN');
      assert.equal(net.broadcastdomainrange, 'ZONE');
      const providers = await admin.ok('listNetworkServiceProviders', { physicalnetworkid: net.id });
      assertListResponse('listNetworkServiceProviders', providers);
      const vr = (providers.networkserviceprovider as Body[]).find((p) => p.name === 'VirtualRouter');
      assert.ok(vr);
      assert.equal(vr.state, 'Disabled');
      assert.ok((vr.servicelist as string[]).includes('SourceNat'));
    });

    it('refuses overlapping or malformed guest VLAN ranges and unknown isolation methods', async () => {
      const overlap = await admin.job('createPhysicalNetwork', { zoneid: sim.zone.id, name: 'p2', vlan: '150-250' });
      assert.equal(overlap.jobstatus, 2);
      assert.match(overlap.jobresult.errortext, /overlaps/);
      assert.equal((await admin.job('createPhysicalNetwork', { zoneid: sim.zone.id, name: 'p2', vlan: '300-5000' })).jobstatus, 2);
      assert.equal((await admin.job('createPhysicalNetwork', { zoneid: sim.zone.id, name: 'p2', isolationmethods: 'CARRIERPIGEON' })).jobstatus, 2);
      const ok = await admin.job('createPhysicalNetwork', { zoneid: sim.zone.id, name: 'p2', vlan: '201-210,300' });
      assert.equal(ok.jobresult.physicalnetwork.vlan, '201-210,300');
      const del = await admin.job('deletePhysicalNetwork', { id: ok.jobresult.physicalnetwork.id });
      assert.equal(del.jobstatus, 1);
    });

    it('adds traffic types, one network per non-guest type in a zone, and lists them', async () => {
      for (const t of ['Guest', 'Management', 'Public']) {
        const r = await admin.job('addTrafficType', { physicalnetworkid: net.id, traffictype: t, kvmnetworklabel: 'cloudbr0' });
        assert.equal(r.jobstatus, 1, JSON.stringify(r));
        assertResponseFields('addTrafficType', r.jobresult.traffictype);
        assert.equal(r.jobresult.traffictype.traffictype, t);
      }
      const twice = await admin.job('addTrafficType', { physicalnetworkid: net.id, traffictype: 'public' });
      assert.equal(twice.jobstatus, 2);
      assert.equal((await admin.job('addTrafficType', { physicalnetworkid: net.id, traffictype: 'Carrier' })).jobstatus, 2);
      const list = await admin.ok('listTrafficTypes', { physicalnetworkid: net.id });
      assert.equal(list.count, 3);
      assert.deepEqual((list.traffictype as Body[]).map((t) => t.name), ['Guest', 'Management', 'Public']);
      assert.equal((await admin.call('listTrafficTypes', {})).status, 431);
    });

    it('updates physical networks and providers', async () => {
      const u = await admin.job('updatePhysicalNetwork', { id: net.id, state: 'Enabled', vlan: '100-250' });
      assert.equal(u.jobresult.physicalnetwork.state, 'Enabled');
      assert.equal(u.jobresult.physicalnetwork.vlan, '100-250');
      const vr = (await admin.ok('listNetworkServiceProviders', { physicalnetworkid: net.id, name: 'VirtualRouter' })).networkserviceprovider[0] as Body;
      const p = await admin.job('updateNetworkServiceProvider', { id: vr.id, state: 'Enabled' });
      assert.equal(p.jobresult.networkserviceprovider.state, 'Enabled');
      assert.equal((await admin.ok('listNetworkServiceProviders', { state: 'Enabled', physicalnetworkid: net.id })).count, 1);
      assert.equal((await admin.job('updateNetworkServiceProvider', { id: vr.id, state: 'Sideways' })).jobstatus, 2);
      const listed = await admin.ok('listPhysicalNetworks', { zoneid: sim.zone.id });
      assertListResponse('listPhysicalNetworks', listed);
      assert.equal(listed.count, 1);
      assert.equal((await user.client.call('listPhysicalNetworks', {})).status, 432);
    });

    it('creates public IP ranges with one address each, dedicated or not; refuses overlaps', async () => {
      const r = (await admin.ok('createVlanIpRange', { zoneid: sim.zone.id, vlan: '50', gateway: '172.20.0.1', netmask: '255.255.255.0', startip: '172.20.0.10', endip: '172.20.0.19', forvirtualnetwork: true })).vlan as Body;
      assertResponseFields('createVlanIpRange', r);
      assert.equal(r.vlan, 'vlan://50');
      assert.equal(r.physicalnetworkid, net.id);
      assert.equal(r.cidr, '172.20.0.0/24');
      assert.equal(r.forvirtualnetwork, true);
      const overlap = await admin.call('createVlanIpRange', { zoneid: sim.zone.id, gateway: '172.20.0.1', netmask: '255.255.255.0', startip: '172.20.0.15', endip: '172.20.0.30' });
      assert.equal(overlap.status, 431);
      assert.equal((await admin.call('createVlanIpRange', { zoneid: sim.zone.id, gateway: '172.20.0.1', netmask: '255.255.255.0', startip: '172.21.0.1' })).status, 431);
      assert.equal((await admin.call('createVlanIpRange', { zoneid: sim.zone.id, gateway: '172.20.0.1', netmask: '255.255.255.0' })).status, 431);
      const mine = (await admin.ok('createVlanIpRange', { zoneid: sim.zone.id, gateway: '172.20.0.1', netmask: '255.255.255.0', startip: '172.20.0.40', endip: '172.20.0.44', account: user.username, domainid: user.account.domainid })).vlan as Body;
      assert.equal(mine.account, user.username);
      assert.equal(mine.domain, 'ROOT');
      const listed = await admin.ok('listVlanIpRanges', { zoneid: sim.zone.id });
      assertListResponse('listVlanIpRanges', listed);
      assert.equal(listed.count, 2);
      assert.equal((await admin.ok('listVlanIpRanges', { account: user.username, domainid: user.account.domainid })).count, 1);
      assert.equal((await admin.ok('listVlanIpRanges', { keyword: '172.20.0.40' })).count, 1);
      const cap = await admin.ok('listCapacity', { zoneid: sim.zone.id, type: 4 });
      assert.equal(cap.capacity[0].capacitytotal, 15);
      assert.equal(cap.capacity[0].capacityused, 0);
      await admin.ok('deleteVlanIpRange', { id: mine.id });
      assert.equal((await admin.ok('listCapacity', { zoneid: sim.zone.id, type: 4 })).capacity[0].capacitytotal, 10);
      assert.equal((await user.client.call('createVlanIpRange', { zoneid: sim.zone.id })).status, 432);
      const inUse = await admin.job('deletePhysicalNetwork', { id: net.id });
      assert.equal(inUse.jobstatus, 2);
      assert.equal(inUse.jobresult.errorcode, 536);
    });

    it('reports memory, CPU, storage, IP and VLAN capacity per zone, pod and cluster', async () => {
      await admin.ok('createStoragePool', { zoneid: sim.zone.id, clusterid: sim.cluster.id, name: 'p', url: 'nfs://10.0.0.1/p', capacitybytes: 1000 });
      const all = await admin.ok('listCapacity', { zoneid: sim.zone.id });
      assertListResponse('listCapacity', all);
      const byType = new Map((all.capacity as Body[]).map((c) => [c.type, c]));
      assert.equal(byType.get(0)?.capacitytotal, 2 * 2048 * 1024 ** 2);
      assert.equal(byType.get(1)?.capacitytotal, 2 * 2 * 1000);
      assert.equal(byType.get(1)?.name, 'CPU');
      assert.equal(byType.get(2)?.capacitytotal, 1000);
      assert.equal(byType.get(3)?.capacitytotal, 2000);
      assert.equal(byType.get(5)?.capacitytotal, 41);
      assert.equal(byType.get(7)?.capacitytotal, 151);
      assert.equal(byType.get(1)?.zonename, 'NZ');
      await admin.ok('updateConfiguration', { name: 'cpu.overprovisioning.factor', value: '3', clusterid: sim.cluster.id });
      const cpu = await admin.ok('listCapacity', { clusterid: sim.cluster.id, type: 1 });
      assert.equal(cpu.capacity[0].capacitytotal, 3 * 4000);
      assert.equal(cpu.capacity[0].clusterid, sim.cluster.id);
      assert.equal((await admin.call('listCapacity', { zoneid: crypto.randomUUID() })).status, 431);
      const zones = await admin.ok('listZones', { id: sim.zone.id, showcapacities: true });
      assert.ok((zones.zone[0].capacity as Body[]).some((c) => c.type === 0));
    });
  });
}
