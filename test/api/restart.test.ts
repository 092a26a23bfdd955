import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { createTenant } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

/**
 * A job interrupted by a server crash, or failing on its own, leaves nothing in a transitional state. The fault
 * `delay:deleteDomain=4000` holds each progress step of deleteDomain for 4 s, long enough to kill the server while
 * the domain is Inactive.
 */
for (const dialect of testDialects()) {
  describe(`jobs across a restart [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      server = await startTestServer({ dialect, env: { NIMBUS_FAULTS: 'delay:deleteDomain=4000' } });
      admin = await adminClient(server.url, server.adminPassword);
    });
    after(() => server?.stop());

    const domainState = async (id: string): Promise<string> => (await admin.ok('listDomains', { id })).domain[0].state as string;

    async function waitForState(id: string, state: string): Promise<void> {
      const deadline = Date.now() + 20_000;
      while ((await domainState(id)) !== state) {
        if (Date.now() > deadline) throw new Error(`domain ${id} never became ${state}`);
        await sleep(50);
      }
    }

    it('fails a deleteDomain cut short by a crash and puts the domain back to Active', async () => {
      const domain = (await admin.ok('createDomain', { name: 'Survivor' })).domain as Body;
      const tenant = await createTenant(admin, { username: 'stays', domainid: domain.id });
      const started = await admin.ok('deleteDomain', { id: domain.id, cleanup: true });
      await waitForState(domain.id, 'Inactive');
      // Nothing can be added to a domain while it is being deleted.
      assert.equal((await admin.call('createDomain', { name: 'Late', parentdomainid: domain.id })).status, 534);

      await server.kill();
      await server.restart();

      const job = await admin.ok('queryAsyncJobResult', { jobid: started.jobid });
      assert.equal(job.jobstatus, 2, JSON.stringify(job));
      assert.equal(job.jobresultcode, 530);
      assert.equal(job.jobresult.errorcode, 530);
      assert.match(job.jobresult.errortext, /restarted/);
      assert.equal(await domainState(domain.id), 'Active');
      const accounts = await admin.ok('listAccounts', { domainid: domain.id });
      assert.deepEqual(accounts.account.map((a: Body) => a.id), [tenant.account.id]);
      assert.equal((await tenant.client.call('listAccounts')).status, 200);

      // The domain is not stuck: deleting it again runs to the end.
      const again = await admin.job('deleteDomain', { id: domain.id, cleanup: true });
      assert.equal(again.jobstatus, 1, JSON.stringify(again));
      assert.equal((await admin.call('listDomains', { id: domain.id })).status, 431);
    });

    it('leaves a domain Active when deleteDomain fails on its own (536 without cleanup)', async () => {
      const domain = (await admin.ok('createDomain', { name: 'Occupied' })).domain as Body;
      const tenant = await createTenant(admin, { username: 'occupant', domainid: domain.id });
      const job = await admin.job('deleteDomain', { id: domain.id });
      assert.equal(job.jobstatus, 2, JSON.stringify(job));
      assert.equal(job.jobresultcode, 536);
      assert.match(job.jobresult.errortext, /accounts/);
      assert.equal(await domainState(domain.id), 'Active');
      assert.equal((await admin.ok('listAccounts', { domainid: domain.id })).account[0].id, tenant.account.id);
      assert.equal((await admin.ok('createDomain', { name: 'Child', parentdomainid: domain.id })).domain.path, 'ROOT/Occupied/Child');
    });
  });
}
