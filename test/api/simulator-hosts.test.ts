import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { createSimZone, type SimZone } from '../support/infrastructure.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

// Fault injection on real simulated hosts, and what the rest of the API sees of it.
for (const dialect of testDialects()) {
  describe(`simulator hosts [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let sim: SimZone;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await createSimZone(admin, { hosts: 2 });
    });
    after(() => server?.stop());

    const hostState = async (id: string) => ((await admin.ok('listHosts', { id })).host as Body[])[0].state as string;

    it('sets and reports a host\'s faults, changing only those named', async () => {
      const h = sim.hosts[0];
      const set = (await admin.ok('configureSimulatorHost', { hostid: h.id, failnextstarts: 2, latencyms: 5 })).simulatorhost as Body;
      assert.deepEqual(set, { hostid: h.id, hostname: h.name, state: 'Up', down: false, failnextstarts: 2, latencyms: 5, vmcount: 0 });
      const again = (await admin.ok('configureSimulatorHost', { hostid: h.id, latencyms: 0 })).simulatorhost as Body;
      assert.equal(again.failnextstarts, 2);
      assert.equal(again.latencyms, 0);
      await admin.ok('configureSimulatorHost', { hostid: h.id, failnextstarts: 0 });
    });

    it('a host taken down shows Down at once, fails to reconnect with 534 naming it, and is Up when brought back', async () => {
      const h = sim.hosts[1];
      const down = (await admin.ok('configureSimulatorHost', { hostid: h.id, down: true })).simulatorhost as Body;
      assert.equal(down.state, 'Down');
      assert.equal(await hostState(h.id), 'Down');
      assert.equal(await hostState(sim.hosts[0].id), 'Up');
      const job = await admin.job('reconnectHost', { id: h.id });
      assert.equal(job.jobstatus, 2);
      assert.equal(job.jobresult.errorcode, 534);
      assert.match(job.jobresult.errortext, new RegExp(`Host ${h.name} is unreachable`));
      const up = (await admin.ok('configureSimulatorHost', { hostid: h.id, down: false })).simulatorhost as Body;
      assert.equal(up.state, 'Up');
      const reconnected = await admin.job('reconnectHost', { id: h.id });
      assert.equal(reconnected.jobstatus, 1, JSON.stringify(reconnected));
      assert.equal(await hostState(h.id), 'Up');
    });

    it('brings simulated hosts back after a restart, without the faults of before', async () => {
      const h = sim.hosts[1];
      await admin.ok('configureSimulatorHost', { hostid: h.id, down: true, failnextstarts: 3 });
      await server.kill();
      await server.restart();
      admin = await adminClient(server.url, server.adminPassword);
      assert.equal(await hostState(h.id), 'Up');
      const now = (await admin.ok('configureSimulatorHost', { hostid: h.id })).simulatorhost as Body;
      assert.deepEqual([now.state, now.down, now.failnextstarts], ['Up', false, 0]);
    });

    it('forgets a deleted host', async () => {
      const extra = ((await admin.ok('addHost', { zoneid: sim.zone.id, podid: sim.pod.id, clusterid: sim.cluster.id, hypervisor: 'Simulator', url: `http://sim/${sim.zone.name}/gone`, username: 'root', password: 'p' })).host as Body[])[0];
      assert.equal((await admin.call('configureSimulatorHost', { hostid: extra.id })).status, 200);
      await admin.ok('deleteHost', { id: extra.id, forced: true });
      const r = await admin.call('configureSimulatorHost', { hostid: extra.id, down: true });
      assert.equal(r.status, 431);
    });
  });
}
