import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const GiB = 1024 ** 3;

for (const dialect of testDialects()) {
  describe(`deploy with a data disk [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let dave: TenantAccount;
    let sim: SimZone;
    let small: Body;
    let custom: Body;

    const deploy = (params: Record<string, string | number | boolean>) =>
      dave.client.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params }, 120_000);
    const volumesOf = async (vmId: string) => ((await dave.client.ok('listVolumes', { virtualmachineid: vmId })).volume ?? []) as Body[];
    const counts = async () => {
      const [a] = (await admin.ok('listAccounts', { name: 'dave', listall: true })).account as Body[];
      const pool = (await admin.ok('listStoragePools', { id: sim.pool.id })).storagepool[0];
      return { volumes: Number(a.volumetotal), storage: Number(a.primarystoragetotal), pool: pool.disksizeallocated, all: ((await admin.ok('listVolumes', { listall: true })).volume ?? []).length };
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin, { memoryMiB: 65536 });
      dave = await createTenant(admin, { username: 'dave' });
      const offerings = (await admin.ok('listDiskOfferings', {})).diskoffering as Body[];
      small = offerings.find((o) => o.name === 'Small') as Body;
      custom = offerings.find((o) => o.iscustomized === true) as Body;
    });
    after(() => server?.stop());

    it('creates and attaches a DATADISK from the disk offering, counted against the account', async () => {
      const before = await counts();
      const r = await deploy({ name: 'withdata', diskofferingid: small.id as string });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      const vm = r.jobresult.virtualmachine as Body;
      const volumes = await volumesOf(vm.id as string);
      assert.deepEqual(volumes.map((v) => [v.type, v.deviceid]), [['ROOT', 0], ['DATADISK', 1]]);
      const data = volumes[1];
      assert.equal(data.diskofferingid, small.id);
      assert.equal(Number(data.size), Number(small.disksize) * GiB);
      assert.equal(data.virtualmachineid, vm.id);
      const after = await counts();
      assert.equal(after.volumes, before.volumes + 2);
      assert.equal(after.storage, before.storage + volumes.reduce((n, v) => n + Number(v.size), 0) / GiB);
    });

    it('takes size for a custom offering, and refuses a custom offering without it', async () => {
      const r = await deploy({ name: 'customdata', diskofferingid: custom.id as string, size: 7 });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      const data = (await volumesOf(r.jobresult.virtualmachine.id as string)).find((v) => v.type === 'DATADISK') as Body;
      assert.equal(Number(data.size), 7 * GiB);
      const refused = await deploy({ name: 'nosize', diskofferingid: custom.id as string });
      assert.equal(refused.jobstatus, 2);
      assert.equal(refused.jobresult.errorcode, 431, JSON.stringify(refused.jobresult));
      assert.match(refused.jobresult.errortext as string, /give size/);
    });

    it('a deploy whose start fails removes its data disk with the rest', async () => {
      const before = await counts();
      await admin.ok('configureSimulatorHost', { hostid: sim.hosts[0].id, failnextstarts: 1 });
      const failed = await deploy({ name: 'doomed', diskofferingid: small.id as string });
      assert.equal(failed.jobstatus, 2, JSON.stringify(failed.jobresult));
      assert.deepEqual(await counts(), before);
    });
  });
}
