import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient } from '../support/client.ts';
import { buildSimZone } from '../support/compute.ts';
import { createTenant } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

// configureSimulatorHost's checks (one needs a host: a bare simulator zone); the fault-injection effects on real hosts are in simulator-faults.
for (const dialect of testDialects()) {
  describe(`configureSimulatorHost [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
    });
    after(() => server?.stop());

    it('answers 431 for a host that does not exist', async () => {
      const id = randomUUID();
      const r = await admin.call('configureSimulatorHost', { hostid: id, down: true });
      assert.equal(r.status, 431);
      assert.match(r.body.errortext, new RegExp(`Invalid parameter hostid value=${id} due to .* entity does not exist`));
    });

    it('answers 431 for a missing host id and a negative count', async () => {
      const missing = await admin.call('configureSimulatorHost', { failnextstarts: 1 });
      assert.equal(missing.status, 431);
      assert.match(missing.body.errortext, /missing parameter hostid/);
      // The count is checked on a host that exists: an unknown id is refused first, whatever the other parameters.
      const { hosts } = await buildSimZone(admin);
      const negative = await admin.call('configureSimulatorHost', { hostid: hosts[0].id, failnextstarts: -1 });
      assert.equal(negative.status, 431);
      assert.match(negative.body.errortext, /failnextstarts/);
    });

    it('is for root admins only: a user gets 432', async () => {
      const user = await createTenant(admin, { username: 'simuser' });
      const r = await user.client.call('configureSimulatorHost', { hostid: randomUUID(), down: true });
      assert.equal(r.status, 432);
    });
  });
}
