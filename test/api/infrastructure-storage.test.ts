import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { createSimZone, type SimZone } from '../support/infrastructure.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { oneTenant } from '../support/tenants.ts';

const TiB = 1024 ** 4;

for (const dialect of testDialects()) {
  describe(`infrastructure: primary and secondary storage [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let user: TenantAccount;
    let sim: SimZone;
    before(async () => {
      ({ server, admin, user } = await oneTenant(dialect, 'storageuser'));
      sim = await createSimZone(admin, { name: 'SZ', hosts: 1 });
    });
    after(() => server?.stop());

    const pool = async (params: Record<string, string | number>) => (await admin.ok('createStoragePool', { zoneid: sim.zone.id, ...params })).storagepool as Body;

    it('creates cluster-wide and zone-wide NFS pools, the simulator\'s 10 TiB unless told', async () => {
      const p = await pool({ podid: sim.pod.id, clusterid: sim.cluster.id, name: 'primary', url: 'nfs://10.147.28.6:/export/home/sandbox/primary', tags: 'fast' });
      assertResponseFields('createStoragePool', p);
      assert.equal(p.scope, 'CLUSTER');
      assert.equal(p.type, 'NetworkFilesystem');
      assert.equal(p.ipaddress, '10.147.28.6');
      assert.equal(p.path, '/export/home/sandbox/primary');
      assert.equal(p.state, 'Up');
      assert.equal(p.tags, 'fast');
      assert.equal(p.clustername, 'SZ-c');
      assert.equal(p.capacitybytes, 10 * TiB);
      assert.equal(p.overprovisionfactor, '2');
      const z = await pool({ name: 'zonewide', url: 'nfs://10.0.0.9/zw', scope: 'zone', hypervisor: 'Simulator', capacitybytes: 1e12 });
      assert.equal(z.scope, 'ZONE');
      assert.equal(z.clusterid, undefined);
      assert.equal(z.capacitybytes, 1e12);
    });

    it('refuses bad URLs, scopes, duplicates and missing clusters with 431', async () => {
      const bad = (params: Record<string, string>) => admin.call('createStoragePool', { zoneid: sim.zone.id, name: 'x', url: 'nfs://1.2.3.4/x', ...params });
      assert.equal((await bad({ url: 'ftp://host/x' })).status, 431);
      assert.equal((await bad({ scope: 'region' })).status, 431);
      assert.equal((await bad({ scope: 'cluster' })).status, 431);
      assert.equal((await bad({ name: 'PRIMARY', clusterid: sim.cluster.id })).status, 431);
      assert.equal((await bad({ clusterid: crypto.randomUUID() })).status, 431);
      assert.equal((await user.client.call('createStoragePool', { zoneid: sim.zone.id, name: 'u', url: 'nfs://1.2.3.4/x' })).status, 432);
    });

    it('lists pools by zone, cluster, scope, status and keyword', async () => {
      const all = await admin.ok('listStoragePools', { zoneid: sim.zone.id });
      assertListResponse('listStoragePools', all);
      assert.equal(all.count, 2);
      assert.equal((await admin.ok('listStoragePools', { clusterid: sim.cluster.id })).count, 1);
      assert.equal((await admin.ok('listStoragePools', { scope: 'zone' })).storagepool[0].name, 'zonewide');
      assert.equal((await admin.ok('listStoragePools', { keyword: 'PRIM' })).count, 1);
      assert.equal((await admin.ok('listStoragePools', { status: 'Up', zoneid: sim.zone.id })).count, 2);
    });

    it('updates pools and moves them in and out of maintenance as jobs', async () => {
      const p = (await admin.ok('listStoragePools', { name: 'primary' })).storagepool[0] as Body;
      const u = (await admin.ok('updateStoragePool', { id: p.id, tags: 'fast,ssd', capacitybytes: 2 * TiB, enabled: false })).storagepool as Body;
      assert.equal(u.tags, 'fast,ssd');
      assert.equal(u.capacitybytes, 2 * TiB);
      assert.equal(u.state, 'Disabled');
      const m = await admin.job('enableStorageMaintenance', { id: p.id });
      assert.equal(m.jobstatus, 1, JSON.stringify(m));
      assert.equal(m.jobresult.storagepool.state, 'Maintenance');
      assert.equal(m.jobinstancetype, 'StoragePool');
      const again = await admin.job('enableStorageMaintenance', { id: p.id });
      assert.equal(again.jobstatus, 2);
      assert.equal(again.jobresult.errorcode, 431);
      assert.equal((await admin.call('updateStoragePool', { id: p.id, enabled: true })).status, 431);
      const c = await admin.job('cancelStorageMaintenance', { id: p.id });
      assert.equal(c.jobresult.storagepool.state, 'Up');
      assert.equal((await admin.job('cancelStorageMaintenance', { id: p.id })).jobstatus, 2);
    });

    it('deletes pools; a cluster with a pool is in use', async () => {
      const p = (await admin.ok('listStoragePools', { name: 'primary' })).storagepool[0] as Body;
      const inUse = await admin.call('deleteCluster', { id: sim.cluster.id });
      assert.equal(inUse.status, 536);
      await admin.ok('deleteStoragePool', { id: p.id });
      assert.equal((await admin.call('deleteStoragePool', { id: p.id })).status, 431);
    });

    it('adds, lists and deletes NFS image stores', async () => {
      const s = (await admin.ok('addImageStore', { name: 'sec', provider: 'NFS', url: 'nfs://10.147.28.6/export/home/sandbox/secondary', zoneid: sim.zone.id })).imagestore as Body;
      assertResponseFields('addImageStore', s);
      assert.equal(s.providername, 'NFS');
      assert.equal(s.protocol, 'nfs');
      assert.equal(s.scope, 'ZONE');
      assert.equal(s.zonename, 'SZ');
      const builtin = (await admin.ok('listTemplates', { templatefilter: 'featured', zoneid: sim.zone.id })).template as Body[] | undefined;
      assert.ok(builtin?.some((t) => t.isready === true), 'the zone\'s new store holds the built-in template');
      assert.equal((await admin.call('addImageStore', { provider: 'S3', url: 'nfs://a/b', zoneid: sim.zone.id })).status, 431);
      assert.equal((await admin.call('addImageStore', { provider: 'NFS', url: 'http://a/b', zoneid: sim.zone.id })).status, 431);
      assert.equal((await admin.call('addImageStore', { provider: 'NFS', url: 'nfs://a/b' })).status, 431);
      const unnamed = (await admin.ok('addImageStore', { provider: 'NFS', url: 'nfs://10.0.0.8/sec2', zoneid: sim.zone.id })).imagestore as Body;
      assert.equal(unnamed.name, 'nfs://10.0.0.8/sec2');
      const listed = await admin.ok('listImageStores', { zoneid: sim.zone.id });
      assertListResponse('listImageStores', listed);
      assert.equal(listed.count, 2);
      assert.equal((await admin.ok('listImageStores', { name: 'sec', provider: 'nfs' })).count, 1);
      assert.equal((await admin.call('deleteZone', { id: sim.zone.id })).status, 536);
      await admin.ok('deleteImageStore', { id: unnamed.id });
      assert.equal((await admin.ok('listImageStores', { zoneid: sim.zone.id })).count, 1);
      assert.equal((await user.client.call('listImageStores', {})).status, 432);
    });
  });
}
