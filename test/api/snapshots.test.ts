import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { createSimZone, type SimZone } from '../support/infrastructure.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

type P = Record<string, string | number | boolean>;
const GiB = 1024 ** 3;

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

for (const dialect of testDialects()) {
  describe(`volume snapshots [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let custom: Body;
    let volume: Body;
    let snap: Body;

    const list = async (client: ApiClient, command: string, key: string, params: P = {}) => {
      const body = await client.ok(command, params);
      assertListResponse(command, body);
      return (body[key] ?? []) as Body[];
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await createSimZone(admin);
      await admin.ok('createStoragePool', { zoneid: sim.zone.id, podid: sim.pod.id, clusterid: sim.cluster.id, name: 'primary', url: 'nfs://10.0.0.2/primary', scope: 'CLUSTER' });
      alice = await createTenant(admin, { username: 'alice' });
      bob = await createTenant(admin, { username: 'bob' });
      custom = ((await admin.ok('listDiskOfferings', {})).diskoffering as Body[]).find((o) => o.iscustomized === true) as Body;
      volume = (await job(alice.client, 'createVolume', { name: 'data', diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 4 })).volume;
    });
    after(() => server?.stop());

    it('snapshots a volume', async () => {
      snap = (await job(alice.client, 'createSnapshot', { volumeid: volume.id as string, name: 'before-upgrade' })).snapshot;
      assertResponseFields('createSnapshot', snap);
      assert.equal(snap.name, 'before-upgrade');
      assert.equal(snap.state, 'BackedUp');
      assert.equal(snap.volumeid, volume.id);
      assert.equal(snap.volumename, 'data');
      assert.equal(snap.volumetype, 'DATADISK');
      assert.equal(snap.snapshottype, 'MANUAL');
      assert.equal(snap.virtualsize, 4 * GiB);
      assert.equal(snap.account, 'alice');
      const named = (await job(alice.client, 'createSnapshot', { volumeid: volume.id as string })).snapshot;
      assert.match(named.name as string, /^data_\d{14}$/);
      await job(alice.client, 'deleteSnapshot', { id: named.id as string });
    });

    it('lists snapshots per tenant and filters them', async () => {
      assert.deepEqual((await list(alice.client, 'listSnapshots', 'snapshot')).map((s) => s.id), [snap.id]);
      assert.equal((await list(alice.client, 'listSnapshots', 'snapshot', { volumeid: volume.id as string })).length, 1);
      assert.equal((await list(alice.client, 'listSnapshots', 'snapshot', { keyword: 'UPGRADE' })).length, 1);
      assert.equal((await list(alice.client, 'listSnapshots', 'snapshot', { snapshottype: 'RECURRING' })).length, 0);
      assert.deepEqual(await list(bob.client, 'listSnapshots', 'snapshot'), []);
      assert.deepEqual(await list(bob.client, 'listSnapshots', 'snapshot', { id: snap.id as string }), []);
      assert.equal((await list(admin, 'listSnapshots', 'snapshot', { listall: true })).length, 1);
    });

    it('reverts a volume to its snapshot, putting its size back', async () => {
      await job(alice.client, 'resizeVolume', { id: volume.id as string, size: 6 });
      assert.equal((await list(alice.client, 'listVolumes', 'volume', { id: volume.id as string }))[0].size, 6 * GiB);
      const reverted = (await job(alice.client, 'revertSnapshot', { id: snap.id as string })).snapshot;
      assertResponseFields('revertSnapshot', reverted);
      const [v] = await list(alice.client, 'listVolumes', 'volume', { id: volume.id as string });
      assert.equal(v.size, 4 * GiB);
    });

    it('refuses other tenants\' snapshots and unknown volumes', async () => {
      await jobError(bob.client, 'revertSnapshot', { id: snap.id as string }, 531);
      await jobError(bob.client, 'deleteSnapshot', { id: snap.id as string }, 531);
      await jobError(bob.client, 'createSnapshot', { volumeid: volume.id as string }, 531);
      await jobError(alice.client, 'createSnapshot', { volumeid: crypto.randomUUID() }, 431);
      await jobError(alice.client, 'revertSnapshot', { id: crypto.randomUUID() }, 431);
    });

    it('counts snapshots against the limit and gives them back on delete', async () => {
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid as string, resourcetype: 3, max: 1 });
      await jobError(alice.client, 'createSnapshot', { volumeid: volume.id as string }, 532, /snapshot/i);
      await job(alice.client, 'deleteSnapshot', { id: snap.id as string });
      assert.deepEqual(await list(alice.client, 'listSnapshots', 'snapshot'), []);
      snap = (await job(alice.client, 'createSnapshot', { volumeid: volume.id as string })).snapshot;
      await admin.ok('updateResourceLimit', { account: 'alice', domainid: alice.account.domainid as string, resourcetype: 3, max: -1 });
      await jobError(alice.client, 'deleteSnapshot', { id: crypto.randomUUID() }, 431);
    });

  });
}
