import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../packages/server/src/db/connect.ts';
import {
  allocatePublicIp,
  hostsForPlacement,
  poolsForPlacement,
  releaseHostCapacity,
  releasePublicIp,
  reserveHostCapacity,
  reservePoolCapacity,
} from '../../packages/server/src/infrastructure/index.ts';
import { ApiError } from '../../packages/server/src/kernel/errors.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { createTenant } from '../support/identity.ts';
import { createSimZone, type SimZone } from '../support/infrastructure.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const MiB = 1024 ** 2;

// The placement and capacity service functions other domains call, on the server's own database after the zone
// was built through the API.
for (const dialect of testDialects()) {
  describe(`infrastructure: placement and capacity [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let sim: SimZone;
    let handle: DatabaseHandle;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await createSimZone(admin, { name: 'PZ', hosts: 3, hostQuery: 'cpunumber=2&cpuspeed=1000&memory=2048' });
      handle = openDatabase(server.db);
    });
    after(async () => {
      await handle?.close();
      await server?.stop();
    });

    const ask = { cpuMhz: 500, memoryBytes: 512 * MiB };
    const setting = (name: string, value: string, scope: Record<string, string> = {}) => admin.ok('updateConfiguration', { name, value, ...scope });
    const ids = (hosts: readonly object[]) => hosts.map((h) => (h as { id: string }).id);

    it('offers enabled Up hosts with room, in first-fit order, filtered by tags, host and exclusions', async () => {
      await setting('vm.allocation.algorithm', 'firstfit');
      const hosts = await hostsForPlacement(handle.db, { zoneId: sim.zone.id, ...ask });
      assert.deepEqual(ids(hosts), ids(sim.hosts));
      assert.equal(hosts[0].cpuFreeMhz, 2000);
      assert.equal(hosts[0].memoryFreeBytes, 2048 * MiB);
      assert.equal(hosts[0].clusterId, sim.cluster.id);
      const second = sim.hosts[1].id as string;
      assert.deepEqual(ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, hostId: second, ...ask })), [second]);
      assert.deepEqual(ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, excludeHostIds: [second], ...ask })), [sim.hosts[0].id, sim.hosts[2].id]);
      await admin.ok('updateHost', { id: second, hosttags: 'ssd,big' });
      assert.deepEqual(ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, hostTags: ['ssd'], ...ask })), [second]);
      assert.deepEqual(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, hostTags: ['gpu'], ...ask }), []);
      assert.deepEqual(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, cpuMhz: 2001, memoryBytes: 1 }), []);
      assert.equal((await hostsForPlacement(handle.db, { zoneId: sim.zone.id, limit: 1, ...ask })).length, 1);
    });

    it('skips disabled hosts, clusters, pods and zones', async () => {
      const first = sim.hosts[0].id as string;
      await admin.ok('updateHost', { id: first, allocationstate: 'Disable' });
      assert.ok(!ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, ...ask })).includes(first));
      await admin.ok('updateHost', { id: first, allocationstate: 'Enable' });
      for (const [cmd, id] of [['updateCluster', sim.cluster.id], ['updatePod', sim.pod.id], ['updateZone', sim.zone.id]] as const) {
        await admin.ok(cmd, { id, allocationstate: 'Disabled' });
        assert.deepEqual(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, ...ask }), [], cmd);
        await admin.ok(cmd, { id, allocationstate: 'Enabled' });
      }
      assert.equal((await hostsForPlacement(handle.db, { zoneId: sim.zone.id, ...ask })).length, 3);
    });

    it('reserves host capacity atomically: 50 concurrent reservations fit exactly what the host has', async () => {
      const id = sim.hosts[2].id as string;
      const results = await Promise.all(Array.from({ length: 50 }, () => reserveHostCapacity(handle.db, id, 100, 10 * MiB)));
      assert.equal(results.filter(Boolean).length, 20);
      const h = (await admin.ok('listHosts', { id })).host[0] as Body;
      assert.equal(h.cpuallocatedvalue, 2000);
      assert.equal(h.memoryallocated, 200 * MiB);
      assert.equal(await reserveHostCapacity(handle.db, id, 1, 0), false);
      assert.deepEqual(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, hostId: id, ...ask }), []);
      await releaseHostCapacity(handle.db, id, 2000, 200 * MiB);
      await releaseHostCapacity(handle.db, id, 5, 5);
      const freed = (await admin.ok('listHosts', { id })).host[0] as Body;
      assert.equal(freed.cpuallocatedvalue, 0);
      assert.equal(freed.memoryallocated, 0);
    });

    it('applies the cluster\'s overprovisioning factors and disable thresholds', async () => {
      const id = sim.hosts[0].id as string;
      await setting('cpu.overprovisioning.factor', '2', { clusterid: sim.cluster.id });
      const [h] = await hostsForPlacement(handle.db, { zoneId: sim.zone.id, hostId: id, ...ask });
      assert.equal(h.cpuFreeMhz, 4000);
      assert.ok(await reserveHostCapacity(handle.db, id, 3000, 0));
      // 3000 + 500 of 12000 MHz in the cluster stays under 0.85; a threshold of 0.25 closes the cluster.
      assert.equal((await hostsForPlacement(handle.db, { zoneId: sim.zone.id, ...ask })).length, 3);
      await setting('cluster.cpu.allocated.capacity.disablethreshold', '0.25', { clusterid: sim.cluster.id });
      assert.deepEqual(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, ...ask }), []);
      // A host to run a storage command on allocates nothing: thresholds do not apply.
      assert.equal((await hostsForPlacement(handle.db, { zoneId: sim.zone.id, clusterId: sim.cluster.id, cpuMhz: 0, memoryBytes: 0 })).length, 3);
      assert.deepEqual(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, clusterId: crypto.randomUUID(), cpuMhz: 0, memoryBytes: 0 }), []);
      await setting('cluster.cpu.allocated.capacity.disablethreshold', '0.85', { clusterid: sim.cluster.id });
      await releaseHostCapacity(handle.db, id, 3000, 0);
      await setting('cpu.overprovisioning.factor', '1', { clusterid: sim.cluster.id });
    });

    it('orders hosts by vm.allocation.algorithm', async () => {
      const [a, b, c] = ids(sim.hosts);
      await reserveHostCapacity(handle.db, a, 1500, 0);
      await reserveHostCapacity(handle.db, b, 500, 0);
      await setting('vm.allocation.algorithm', 'firstfitleastconsumed');
      assert.deepEqual(ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, cpuMhz: 100, memoryBytes: 1 })), [c, b, a]);
      await setting('vm.allocation.algorithm', 'userdispersing');
      const counts = new Map([[a, 0], [b, 3], [c, 1]]);
      assert.deepEqual(ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, cpuMhz: 100, memoryBytes: 1, vmCountByHost: counts })), [a, c, b]);
      await setting('vm.allocation.algorithm', 'random');
      assert.deepEqual(ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, cpuMhz: 100, memoryBytes: 1 })).sort(), [a, b, c].sort());
      const seen = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const two = ids(await hostsForPlacement(handle.db, { zoneId: sim.zone.id, cpuMhz: 100, memoryBytes: 1, limit: 2 }));
        assert.equal(new Set(two).size, 2);
        for (const id of two) seen.add(id);
      }
      assert.deepEqual([...seen].sort(), [a, b, c].sort(), 'a random start reaches every host');
      await releaseHostCapacity(handle.db, a, 1500, 0);
      await releaseHostCapacity(handle.db, b, 500, 0);
    });

    it('offers pools by scope, tags and room, and reserves pool bytes atomically', async () => {
      const cluster = (await admin.ok('createStoragePool', { zoneid: sim.zone.id, clusterid: sim.cluster.id, name: 'cp', url: 'nfs://10.0.0.1/cp', capacitybytes: 1000, tags: 'gold' })).storagepool as Body;
      const zone = (await admin.ok('createStoragePool', { zoneid: sim.zone.id, scope: 'zone', name: 'zp', url: 'nfs://10.0.0.1/zp', capacitybytes: 100000 })).storagepool as Body;
      const all = await poolsForPlacement(handle.db, { zoneId: sim.zone.id, clusterId: sim.cluster.id, sizeBytes: 100 });
      assert.deepEqual(all.map((p) => p.id).sort(), [cluster.id, zone.id].sort());
      assert.deepEqual((await poolsForPlacement(handle.db, { zoneId: sim.zone.id, tags: ['gold'], sizeBytes: 100 })).map((p) => p.id), [cluster.id]);
      // 1000 bytes x 2 (overprovisioning) x 0.85 (threshold) = 1700.
      assert.deepEqual((await poolsForPlacement(handle.db, { zoneId: sim.zone.id, tags: ['gold'], sizeBytes: 1701 })).map((p) => p.id), []);
      assert.deepEqual(await poolsForPlacement(handle.db, { zoneId: sim.zone.id, local: true, sizeBytes: 1 }), []);
      const results = await Promise.all(Array.from({ length: 50 }, () => reservePoolCapacity(handle.db, cluster.id as string, 100)));
      assert.equal(results.filter(Boolean).length, 20);
      assert.equal((await admin.call('deleteStoragePool', { id: cluster.id })).status, 536);
      await admin.job('enableStorageMaintenance', { id: zone.id });
      assert.deepEqual(await poolsForPlacement(handle.db, { zoneId: sim.zone.id, sizeBytes: 1 }), []);
    });

    it('allocates public IPs race-free: 50 concurrent requests on 10 addresses get 10 distinct ones', async () => {
      await admin.ok('createVlanIpRange', { zoneid: sim.zone.id, gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.19' });
      const tenant = await createTenant(admin, { username: 'iptenant' });
      const q = { zoneId: sim.zone.id, accountId: tenant.account.id as string, domainId: tenant.account.domainid as string };
      const settled = await Promise.allSettled(Array.from({ length: 50 }, () => handle.db.transaction().execute((trx) => allocatePublicIp(trx, q))));
      const won = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
      assert.equal(won.length, 10);
      assert.equal(new Set(won.map((w) => w.address)).size, 10);
      for (const s of settled) if (s.status === 'rejected') assert.equal((s.reason as ApiError).errorcode, 533);
      const cap = await admin.ok('listCapacity', { zoneid: sim.zone.id, type: 4 });
      assert.equal(cap.capacity[0].capacityused, 10);
      await assert.rejects(allocatePublicIp(handle.db, { ...q, ip: won[0].address }), (e: ApiError) => e.errorcode === 534);
      await releasePublicIp(handle.db, won[0].id);
      const again = await allocatePublicIp(handle.db, { ...q, ip: won[0].address, networkId: crypto.randomUUID() });
      assert.equal(again.address, won[0].address);
      assert.equal(again.state, 'Allocated');
    });

    it('keeps a dedicated range for its account', async () => {
      const owner = await createTenant(admin, { username: 'rangeowner' });
      const other = await createTenant(admin, { username: 'rangeother' });
      const z = await createSimZone(admin, { name: 'PZ2', hosts: 0 });
      await admin.ok('createVlanIpRange', { zoneid: z.zone.id, gateway: '203.0.113.1', netmask: '255.255.255.0', startip: '203.0.113.5', account: 'rangeowner', domainid: owner.account.domainid });
      await assert.rejects(allocatePublicIp(handle.db, { zoneId: z.zone.id, accountId: other.account.id, domainId: other.account.domainid }), (e: ApiError) => e.errorcode === 533);
      const ip = await allocatePublicIp(handle.db, { zoneId: z.zone.id, accountId: owner.account.id, domainId: owner.account.domainid });
      assert.equal(ip.address, '203.0.113.5');
    });
  });
}
