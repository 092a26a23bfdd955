import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, waitFor, type SimZone } from '../support/compute.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

/**
 * VM jobs cut short by a crash leave nothing reserved. `delay:<command>=4000` holds each progress step of those jobs
 * for 4 s: long enough to kill the server after a deploy allocated its VM, or after a start reserved its host.
 */
for (const dialect of testDialects()) {
  describe(`VM jobs across a restart [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let sim: SimZone;

    const held = async () => {
      const host = (await admin.ok('listHosts', { id: sim.hosts[0].id })).host[0];
      const pool = (await admin.ok('listStoragePools', { id: sim.pool.id })).storagepool[0];
      return { cpu: host.cpuallocatedvalue, memory: host.memoryallocated, pool: pool.disksizeallocated, volumes: ((await admin.ok('listVolumes', { listall: true })).volume ?? []).length };
    };
    const vmById = async (id: string) => ((await admin.ok('listVirtualMachines', { id, listall: true })).virtualmachine?.[0] as Body | undefined);
    const vmNamed = async (name: string) => ((await admin.ok('listVirtualMachines', { name, listall: true })).virtualmachine?.[0] as Body | undefined);
    const failedByRestart = async (jobid: string) => {
      const job = await admin.ok('queryAsyncJobResult', { jobid });
      assert.equal(job.jobstatus, 2, JSON.stringify(job));
      assert.match(job.jobresult.errortext as string, /restarted/);
    };

    before(async () => {
      server = await startTestServer({ dialect, env: { NIMBUS_FAULTS: 'delay:deployVirtualMachine=4000,delay:startVirtualMachine=4000' } });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin);
    });
    after(() => server?.stop());

    it('rolls back a deploy interrupted after it allocated the VM, NIC and ROOT volume', async () => {
      const baseline = await held();
      const started = await admin.ok('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name: 'cut' });
      await waitFor('the allocated VM', () => vmNamed('cut'));
      assert.notEqual((await held()).volumes, baseline.volumes, 'the ROOT volume exists while the job is held');
      await server.kill();
      await server.restart();
      await failedByRestart(started.jobid as string);
      // The disks go once the agents are back: the expunger finishes what the restart could not.
      await waitFor('the rolled-back VM to go', async () => ((await vmNamed('cut')) ? undefined : true));
      assert.deepEqual(await held(), baseline);
    });

    it('puts a start interrupted after placement back to Stopped, with the host capacity given back', async () => {
      const r = await admin.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name: 'later', startvm: false }, 60_000);
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      const id = r.jobresult.virtualmachine.id as string;
      const baseline = await held();
      const started = await admin.ok('startVirtualMachine', { id });
      await waitFor('the VM to be Starting on a host', async () => ((await vmById(id))?.hostid ? true : undefined));
      assert.equal((await vmById(id))?.state, 'Starting');
      await server.kill();
      await server.restart();
      await failedByRestart(started.jobid as string);
      const vm = await vmById(id);
      assert.equal(vm?.state, 'Stopped');
      assert.equal(vm?.hostid, undefined);
      assert.deepEqual(await held(), baseline);
    });
  });
}
