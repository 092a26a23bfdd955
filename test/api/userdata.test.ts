import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError } from '../support/calls.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

const CLOUD_CONFIG = Buffer.from('#cloud-config\nhostname: {{ ds.meta_data.hostname }}\n').toString('base64');

for (const dialect of testDialects()) {
  describe(`user data [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let registered: Body;

    const userData = async (client: ApiClient, params: Record<string, string | number | boolean> = {}) => {
      const body = await client.ok('listUserData', params);
      assertListResponse('listUserData', body);
      return (body.userdata ?? []) as Body[];
    };

    before(async () => {
      ({ server, admin, alice, bob } = await tenantWorld(dialect));
    });
    after(() => server?.stop());

    it('registers base64 user data with its parameters', async () => {
      const r = await alice.client.call('registerUserData', { name: 'init', userdata: CLOUD_CONFIG, params: 'hostname, zone' }, { method: 'POST' });
      assert.equal(r.status, 200, r.raw);
      registered = r.body.userdata as Body;
      assertResponseFields('registerUserData', registered);
      assert.equal(registered.name, 'init');
      assert.equal(registered.userdata, CLOUD_CONFIG);
      assert.equal(registered.params, 'hostname,zone');
      assert.equal(registered.account, 'alice');
      assert.equal(registered.accountid, alice.account.id);
    });

    it('refuses duplicates, non-base64 and over-long user data', async () => {
      await expectError(alice.client, 'registerUserData', { name: 'init', userdata: CLOUD_CONFIG }, 431, /already exists/);
      await expectError(alice.client, 'registerUserData', { name: 'x', userdata: 'not base64!' }, 431, /not valid base64/);
      const long = Buffer.alloc(30000, 'a').toString('base64');
      const r = await alice.client.call('registerUserData', { name: 'big', userdata: long }, { method: 'POST' });
      assert.equal(r.status, 431, r.raw);
      assert.match(r.body.errortext as string, /too long/);
      await expectError(alice.client, 'registerUserData', { name: 'x' }, 431, /missing parameter userdata/);
    });

    it('lists within the caller\'s reach, by id, name and keyword', async () => {
      await bob.client.ok('registerUserData', { name: 'bob-init', userdata: CLOUD_CONFIG });
      const mine = await userData(alice.client);
      assert.deepEqual(mine.map((u) => u.name), ['init']);
      assert.equal(mine[0].domainpath, 'ROOT');
      assert.deepEqual((await userData(alice.client, { keyword: 'INI' })).map((u) => u.id), [registered.id]);
      assert.deepEqual(await userData(bob.client, { id: registered.id }), []);
      assert.equal((await userData(admin, { listall: true })).length, 2);
      await expectError(bob.client, 'listUserData', { account: 'alice', domainid: alice.account.domainid }, 531);
    });

    it('deletes only what the caller owns or administers', async () => {
      await expectError(bob.client, 'deleteUserData', { id: registered.id }, 531);
      await expectError(alice.client, 'deleteUserData', { id: crypto.randomUUID() }, 431, /Invalid parameter id value=.* entity does not exist/);
      assert.equal((await alice.client.ok('deleteUserData', { id: registered.id })).success, true);
      assert.deepEqual(await userData(alice.client), []);
      const bobs = await userData(bob.client);
      assert.equal((await admin.ok('deleteUserData', { id: bobs[0].id })).success, true);
    });
  });
}
