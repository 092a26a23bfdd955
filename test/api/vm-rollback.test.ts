import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`VM deploy rollback and limits [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let carol: TenantAccount;
    let sim: SimZone;

    const deploy = (client: ApiClient, params: Record<string, string | number | boolean> = {}) =>
      client.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params }, 120_000);
    /** Everything a deploy reserves, as the API shows it. */
    const held = async () => {
      const host = (await admin.ok('listHosts', { id: sim.hosts[0].id })).host[0];
      const pool = (await admin.ok('listStoragePools', { id: sim.pool.id })).storagepool[0];
      const volumes = (await admin.ok('listVolumes', { listall: true })).volume ?? [];
      const vms = (await admin.ok('listVirtualMachines', { listall: true })).virtualmachine ?? [];
      return { cpu: host.cpuallocatedvalue, memory: host.memoryallocated, pool: pool.disksizeallocated, volumes: volumes.length, vms: vms.length };
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin, { memoryMiB: 65536 });
      carol = await createTenant(admin, { username: 'carol' });
    });
    after(() => server?.stop());

    it('a start that fails on the host leaves no capacity, IP, volume or count held, and says why', async () => {
      await admin.ok('updateResourceLimit', { account: 'carol', domainid: carol.account.domainid, resourcetype: 0, max: 1 });
      const first = await deploy(carol.client, { name: 'probe', startvm: false });
      assert.equal(first.jobstatus, 1, JSON.stringify(first.jobresult));
      const ip = first.jobresult.virtualmachine.nic[0].ipaddress as string;
      await admin.job('destroyVirtualMachine', { id: first.jobresult.virtualmachine.id, expunge: true });
      const baseline = await held();
      await admin.ok('configureSimulatorHost', { hostid: sim.hosts[0].id, failnextstarts: 1 });
      const failed = await deploy(carol.client, { name: 'doomed', ipaddress: ip });
      assert.equal(failed.jobstatus, 2, JSON.stringify(failed.jobresult));
      assert.match(failed.jobresult.errortext as string, /Unable to start VM doomed/);
      assert.deepEqual(await held(), baseline, 'capacity, volumes and VMs are as before');
      // The count (limit 1) and the address are free again: the same deploy now succeeds.
      const ok = await deploy(carol.client, { name: 'doomed', ipaddress: ip });
      assert.equal(ok.jobstatus, 1, JSON.stringify(ok.jobresult));
      assert.equal(ok.jobresult.virtualmachine.nic[0].ipaddress, ip);
      assert.equal(ok.jobresult.virtualmachine.state, 'Running');
      const over = await deploy(carol.client, { name: 'second' });
      assert.equal(over.jobstatus, 2);
      assert.equal(over.jobresult.errorcode, 532, JSON.stringify(over.jobresult));
      await admin.job('destroyVirtualMachine', { id: ok.jobresult.virtualmachine.id, expunge: true });
    });

    it('50 parallel deploys against a limit of 10 give exactly 10 VMs', async () => {
      const dave = await createTenant(admin, { username: 'dave' });
      await admin.ok('updateResourceLimit', { account: 'dave', domainid: dave.account.domainid, resourcetype: 0, max: 10 });
      const baseline = await held();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => deploy(dave.client, { name: `p${i}` })));
      const ok = results.filter((r) => r.jobstatus === 1);
      const refused = results.filter((r) => r.jobstatus === 2);
      assert.equal(ok.length, 10, JSON.stringify(refused.slice(0, 3).map((r) => r.jobresult)));
      for (const r of refused) assert.equal(r.jobresult.errorcode, 532, JSON.stringify(r.jobresult));
      const listed = (await dave.client.ok('listVirtualMachines', { pagesize: -1 })).virtualmachine as Body[];
      assert.equal(listed.length, 10);
      assert.ok(listed.every((v) => v.state === 'Running'));
      const now = await held();
      assert.equal(now.vms, baseline.vms + 10);
      assert.equal(now.cpu - baseline.cpu, 10 * 500, 'only the 10 VMs hold CPU');
      assert.equal(now.volumes, baseline.volumes + 10, 'only the 10 VMs hold volumes');
    });
  });
}
