import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { createSimZone, type SimZone } from '../support/infrastructure.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { oneTenant } from '../support/tenants.ts';

const GiB = 1024 ** 3;

for (const dialect of testDialects()) {
  describe(`infrastructure: hosts [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let user: TenantAccount;
    let sim: SimZone;
    before(async () => {
      ({ server, admin, user } = await oneTenant(dialect, 'hostuser'));
      sim = await createSimZone(admin, { name: 'HZ', hosts: 1 });
    });
    after(() => server?.stop());

    const add = (url: string, extra: Record<string, string> = {}) =>
      admin.call('addHost', { zoneid: sim.zone.id, podid: sim.pod.id, clusterid: sim.cluster.id, hypervisor: 'Simulator', url, username: 'root', password: 'p', ...extra });

    it('adds a simulator host with the simulator\'s default figures, answering a one-item list', async () => {
      const h = sim.hosts[0];
      assertResponseFields('addHost', h);
      assert.equal(h.state, 'Up');
      assert.equal(h.resourcestate, 'Enabled');
      assert.equal(h.type, 'Routing');
      assert.equal(h.hypervisor, 'Simulator');
      assert.equal(h.cpunumber, 4);
      assert.equal(h.cpuspeed, 8000);
      assert.equal(h.memorytotal, 8 * GiB);
      assert.equal(h.clustername, 'HZ-c');
      assert.equal(h.podname, 'HZ-pod');
      assert.equal(h.zonename, 'HZ');
      assert.match(h.name, /^SimulatedAgent\./);
      assert.match(h.ipaddress, /^\d+\.\d+\.\d+\.\d+$/);
    });

    it('reads cores, MHz, memory and local storage from the URL query, and host tags', async () => {
      const r = await add('http://sim/c0/h1?cpunumber=16&cpuspeed=2400&memory=65536&localstorage=500', { hosttags: 'ssd,gpu' });
      assert.equal(r.status, 200, r.raw);
      const h = r.body.host[0] as Body;
      assert.equal(h.cpunumber, 16);
      assert.equal(h.cpuspeed, 2400);
      assert.equal(h.memorytotal, 64 * GiB);
      assert.equal(h.disksizetotal, 500 * GiB);
      assert.equal(h.hosttags, 'ssd,gpu');
      assert.equal(h.cpuwithoverprovisioning, String(16 * 2400));
    });

    it('refuses other hypervisors, other URLs, duplicate URLs and mismatched pods with 431', async () => {
      const kvm = await add('http://kvm1', { hypervisor: 'KVM' });
      assert.equal(kvm.status, 431);
      assert.match(kvm.body.errortext, /is a Simulator cluster, not KVM/);
      const xen = await add('http://xen1', { hypervisor: 'XenServer' });
      assert.equal(xen.status, 431);
      assert.match(xen.body.errortext, /not supported/);
      assert.equal((await add('nfs://x/y')).status, 431);
      assert.equal((await add('http://sim/c0/h0?cpunumber=0')).status, 431);
      const dup = await add('http://sim/HZ/h0');
      assert.equal(dup.status, 431);
      assert.match(dup.body.errortext, /already exists/);
      const other = await createSimZone(admin, { name: 'HZ2', hosts: 0 });
      assert.equal((await add('http://sim/x/y', { podid: other.pod.id })).status, 431);
      assert.equal((await add('http://sim/x/y', { clusterid: other.cluster.id, podid: other.pod.id, zoneid: sim.zone.id })).status, 431);
      assert.equal((await admin.call('addHost', { zoneid: sim.zone.id, podid: sim.pod.id, hypervisor: 'Simulator', url: 'http://sim/n/c' })).status, 431);
    });

    it('creates the cluster named by clustername when the pod has none of that name', async () => {
      const r = await admin.call('addHost', { zoneid: sim.zone.id, podid: sim.pod.id, clustername: 'Fresh', hypervisor: 'Simulator', url: 'http://sim/fresh/h0' });
      assert.equal(r.status, 200, r.raw);
      const c = (await admin.ok('listClusters', { name: 'Fresh' })).cluster[0] as Body;
      assert.equal(r.body.host[0].clusterid, c.id);
      assert.equal(c.hypervisortype, 'Simulator');
    });

    it('lists hosts with filters and paging', async () => {
      const all = await admin.ok('listHosts', { zoneid: sim.zone.id });
      assertListResponse('listHosts', all);
      assert.equal(all.count, 3);
      assert.equal((await admin.ok('listHosts', { clusterid: sim.cluster.id })).count, 2);
      assert.equal((await admin.ok('listHosts', { id: sim.hosts[0].id })).host[0].id, sim.hosts[0].id);
      assert.equal((await admin.ok('listHosts', { zoneid: sim.zone.id, state: 'up', type: 'Routing', hypervisor: 'simulator' })).count, 3);
      assert.deepEqual(await admin.ok('listHosts', { zoneid: sim.zone.id, type: 'SecondaryStorage' }), {});
      assert.equal((await admin.ok('listHosts', { zoneid: sim.zone.id, pagesize: 2, page: 2 })).host.length, 1);
      assert.equal((await user.client.call('listHosts', {})).status, 432);
    });

    it('updates a host\'s name, tags and allocation state', async () => {
      const id = sim.hosts[0].id as string;
      const u = (await admin.ok('updateHost', { id, name: 'renamed', hosttags: 'fast', allocationstate: 'Disable' })).host as Body;
      assertResponseFields('updateHost', u);
      assert.equal(u.name, 'renamed');
      assert.equal(u.hosttags, 'fast');
      assert.equal(u.resourcestate, 'Disabled');
      assert.equal((await admin.ok('listHosts', { resourcestate: 'Disabled', zoneid: sim.zone.id })).count, 1);
      assert.equal((await admin.call('updateHost', { id, allocationstate: 'Sleep' })).status, 431);
      assert.equal((await admin.ok('updateHost', { id, allocationstate: 'Enable', hosttags: '' })).host.resourcestate, 'Enabled');
      assert.equal((await admin.call('updateHost', { id: crypto.randomUUID(), name: 'x' })).status, 431);
    });

    it('shows a host its simulator took down as Down, and reconnects it as a job', async () => {
      const id = sim.hosts[0].id as string;
      await admin.ok('configureSimulatorHost', { hostid: id, down: true });
      assert.equal((await admin.ok('listHosts', { id })).host[0].state, 'Down');
      const failed = await admin.job('reconnectHost', { id });
      assert.equal(failed.jobstatus, 2);
      assert.equal(failed.jobresult.errorcode, 534);
      await admin.ok('configureSimulatorHost', { hostid: id, down: false });
      const job = await admin.job('reconnectHost', { id });
      assert.equal(job.jobstatus, 1, JSON.stringify(job));
      assert.equal(job.jobresult.host.state, 'Up');
      assert.equal(job.jobinstancetype, 'Host');
    });

    it('deletes a host only when disabled or forced, with its local storage', async () => {
      const z = (await admin.ok('createZone', { name: 'LocalZ', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '8.8.8.8', localstorageenabled: true })).zone as Body;
      const pod = (await admin.ok('createPod', { zoneid: z.id, name: 'lp' })).pod as Body;
      const h = (await admin.ok('addHost', { zoneid: z.id, podid: pod.id, clustername: 'lc', hypervisor: 'Simulator', url: 'http://sim/local/h0?localstorage=100' })).host[0] as Body;
      const pools = await admin.ok('listStoragePools', { hostid: h.id });
      assert.equal(pools.count, 1);
      assert.equal(pools.storagepool[0].scope, 'HOST');
      assert.equal(pools.storagepool[0].capacitybytes, 100 * GiB);
      const refused = await admin.call('deleteHost', { id: h.id });
      assert.equal(refused.status, 431);
      await admin.ok('deleteHost', { id: h.id, forced: true });
      assert.deepEqual(await admin.ok('listHosts', { id: h.id }), {});
      assert.deepEqual(await admin.ok('listStoragePools', { hostid: h.id }), {});
      const cluster = (await admin.ok('listClusters', { name: 'lc' })).cluster[0] as Body;
      await admin.ok('deleteCluster', { id: cluster.id });
    });
  });
}
