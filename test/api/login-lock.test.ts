import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, adminClient } from '../support/client.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`locking after failed logins [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let dave: TenantAccount;
    const state = async () => (await admin.ok('listUsers', { id: dave.userId })).user[0].state as string;
    const login = async (password: string) => (await new ApiClient(server.url).login('dave', password)).status;

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      dave = await createTenant(admin, { username: 'dave' });
    });
    after(() => server?.stop());

    it('forgives fewer failures than incorrect.login.attempts.allowed once the right password is given', async () => {
      for (let i = 0; i < 4; i++) assert.equal(await login('wrong'), 401);
      assert.equal(await state(), 'enabled');
      assert.equal(await login(dave.password), 200);
      // The count started again: four more failures still do not lock.
      for (let i = 0; i < 4; i++) assert.equal(await login('wrong'), 401);
      assert.equal(await state(), 'enabled');
      assert.equal(await login(dave.password), 200);
    });

    it('locks the user after the allowed number (5) of wrong passwords; then even the right one is refused', async () => {
      for (let i = 0; i < 5; i++) assert.equal(await login('wrong'), 401);
      assert.equal(await state(), 'locked');
      assert.equal(await login(dave.password), 401);
      assert.equal((await dave.client.call('listUsers')).status, 401);
    });

    it('is undone by an admin\'s enableUser', async () => {
      const r = await admin.ok('enableUser', { id: dave.userId });
      assert.equal(r.user.state, 'enabled');
      assert.equal(await login(dave.password), 200);
      assert.equal((await dave.client.call('listUsers')).status, 200);
      // enableUser cleared the count: one failure does not lock again.
      assert.equal(await login('wrong'), 401);
      assert.equal(await state(), 'enabled');
    });
  });
}
