import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

// What the simulated hosts run follows the VM lifecycle, and their faults reach deploys.
for (const dialect of testDialects()) {
  describe(`simulator guests [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let sim: SimZone;

    const deploy = (params: Record<string, string | number | boolean> = {}) =>
      admin.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params }, 120_000);
    const configure = async (hostid: string, params: Record<string, string | number | boolean> = {}) =>
      (await admin.ok('configureSimulatorHost', { hostid, ...params })).simulatorhost as Body;

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin, { name: 'guests', hosts: 2, memoryMiB: 65536 });
    });
    after(() => server?.stop());

    it('a deployed VM runs on its host until it is stopped', async () => {
      const [h0] = sim.hosts;
      const job = await deploy({ name: 'g1', hostid: h0.id });
      assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
      const vm = job.jobresult.virtualmachine as Body;
      assert.equal(vm.hostid, h0.id);
      assert.equal((await configure(h0.id)).vmcount, 1);
      await admin.job('stopVirtualMachine', { id: vm.id });
      assert.equal((await configure(h0.id)).vmcount, 0);
      await admin.job('destroyVirtualMachine', { id: vm.id, expunge: true });
    });

    it('a host answering late still starts the VM', async () => {
      const [h0] = sim.hosts;
      await configure(h0.id, { latencyms: 300 });
      const job = await deploy({ name: 'slow', hostid: h0.id });
      await configure(h0.id, { latencyms: 0 });
      assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
      assert.equal(job.jobresult.virtualmachine.state, 'Running');
      await admin.job('destroyVirtualMachine', { id: job.jobresult.virtualmachine.id, expunge: true });
    });

    it('a host taken down gets no VMs; with every host down a deploy fails', async () => {
      const [h0, h1] = sim.hosts;
      await configure(h0.id, { down: true });
      try {
        const placed = await deploy({ name: 'elsewhere' });
        assert.equal(placed.jobstatus, 1, JSON.stringify(placed.jobresult));
        assert.equal(placed.jobresult.virtualmachine.hostid, h1.id);
        await admin.job('destroyVirtualMachine', { id: placed.jobresult.virtualmachine.id, expunge: true });
        await configure(h1.id, { down: true });
        const none = await deploy({ name: 'nowhere' });
        assert.equal(none.jobstatus, 2);
        // No capacity (533), or no host up to reach the pool for the ROOT disk (534), depending on which comes first.
        assert.ok([533, 534].includes(none.jobresult.errorcode), JSON.stringify(none.jobresult));
        assert.equal((await admin.ok('listVirtualMachines', { listall: true, name: 'nowhere' })).virtualmachine, undefined);
      } finally {
        await configure(h0.id, { down: false });
        await configure(h1.id, { down: false });
      }
    });
  });
}
