import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../packages/server/src/db/connect.ts';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const counts = (body: Body): Record<string, number> =>
  Object.fromEntries((body.resourcecount as Body[]).map((c) => [c.resourcetypename as string, c.resourcecount as number]));

/** Limits as deploys meet them: a domain's limit bounds its accounts together, and counts follow the VMs. */
for (const dialect of testDialects()) {
  describe(`resource limits on deploy [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let sim: SimZone;
    let dept: Body;
    let ann: TenantAccount;
    let ben: TenantAccount;
    const deploy = (client: ApiClient, name: string) =>
      client.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name, startvm: false }, 120_000);

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin, { memoryMiB: 65536 });
      dept = (await admin.ok('createDomain', { name: 'Dept' })).domain;
      ann = await createTenant(admin, { username: 'ann', domainid: dept.id });
      ben = await createTenant(admin, { username: 'ben', domainid: dept.id });
    });
    after(() => server?.stop());

    it('50 parallel deploys by two accounts against their domain\'s limit of 10 give exactly 10 VMs', async () => {
      await admin.ok('updateResourceLimit', { resourcetype: 0, max: 10, domainid: dept.id });
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => deploy(i % 2 ? ann.client : ben.client, `vm${i}`)));
      const done = results.filter((r) => r.jobstatus === 1);
      assert.equal(done.length, 10);
      for (const r of results.filter((x) => x.jobstatus !== 1)) {
        assert.equal(r.jobresult.errorcode, 532, JSON.stringify(r.jobresult));
        assert.match(r.jobresult.errortext, /'user_vm' for (domain ROOT\/Dept|account (ann|ben) in domain ROOT\/Dept) has been exceeded/);
      }
      const vms = (await admin.ok('listVirtualMachines', { domainid: dept.id, isrecursive: true })).virtualmachine as Body[];
      assert.equal(vms.length, 10);
      const domain = counts(await admin.ok('updateResourceCount', { domainid: dept.id }));
      assert.equal(domain.user_vm, 10, 'recounted from the VMs, the domain holds exactly the 10');
      assert.equal(domain.cpu, 10);
      assert.equal(domain.memory, 10 * 512);
    });

    it('a destroyed and expunged VM gives its counts back, and updateResourceCount repairs a drifted count', async () => {
      const [vm] = (await ann.client.ok('listVirtualMachines')).virtualmachine as Body[];
      const before = counts(await admin.ok('updateResourceCount', { domainid: dept.id, account: 'ann' }));
      await admin.job('destroyVirtualMachine', { id: vm.id, expunge: true });
      const afterDestroy = counts(await admin.ok('updateResourceCount', { domainid: dept.id, account: 'ann' }));
      assert.equal(afterDestroy.user_vm, before.user_vm - 1);
      assert.equal(afterDestroy.memory, before.memory - 512);
      const again = await deploy(ben.client, 'again');
      assert.equal(again.jobstatus, 1, 'the freed place in the domain can be taken');
      assert.equal((await deploy(ann.client, 'over')).jobresult.errorcode, 532);
      const handle = openDatabase(server.db);
      try {
        await handle.db.updateTable('resource_count').set({ count: 99 }).where('owner_id', '=', ann.account.id).where('resource_type', '=', 0).execute();
      } finally {
        await handle.close();
      }
      const repaired = counts(await admin.ok('updateResourceCount', { domainid: dept.id, account: 'ann', resourcetype: 0 }));
      assert.deepEqual(repaired, { user_vm: afterDestroy.user_vm });
      assert.equal(counts(await admin.ok('updateResourceCount', { domainid: dept.id, resourcetype: 0 })).user_vm, 10);
    });
  });
}
