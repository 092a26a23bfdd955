import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_USER_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

async function expectError(client: ApiClient, command: string, params: Record<string, string | number | boolean>, code: number, text?: RegExp) {
  const r = await client.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
  assert.equal(r.body.errorcode, code);
  if (text) assert.match(r.body.errortext as string, text);
}

for (const dialect of testDialects()) {
  describe(`users [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let adminUserId: string;
    let alice: TenantAccount;
    let bob: Body;
    const bobPassword = 'Bob-pw-1';

    const users = async (client: ApiClient, params: Record<string, string | number | boolean> = {}) => {
      const body = await client.ok('listUsers', params);
      assertListResponse('listUsers', body);
      return (body.user ?? []) as Body[];
    };
    const loginAs = async (username: string, password: string) => {
      const c = new ApiClient(server.url);
      return { client: c, status: (await c.login(username, password)).status };
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      [{ id: adminUserId }] = await users(admin, { username: 'admin' });
      alice = await createTenant(admin, { username: 'alice' });
    });
    after(() => server?.stop());

    it('creates a user in an existing account', async () => {
      const r = await admin.ok('createUser', {
        account: 'alice',
        username: 'bob',
        password: bobPassword,
        email: 'bob@example.org',
        firstname: 'Bob',
        lastname: 'Builder',
        timezone: 'Europe/Paris',
      });
      bob = r.user as Body;
      assertResponseFields('createUser', bob);
      assert.equal(bob.username, 'bob');
      assert.equal(bob.account, 'alice');
      assert.equal(bob.accountid, alice.account.id);
      assert.equal(bob.accounttype, 0);
      assert.equal(bob.roletype, 'User');
      assert.equal(bob.state, 'enabled');
      assert.equal(bob.timezone, 'Europe/Paris');
      assert.equal(bob.isdefault, false);
      assert.equal((await loginAs('bob', bobPassword)).status, 200);
      const id = crypto.randomUUID();
      const fixed = await admin.ok('createUser', { account: 'admin', username: 'second-admin', password: 'x', email: 'a@b.c', firstname: 'S', lastname: 'A', userid: id });
      assert.equal(fixed.user.id, id);
      assert.equal(fixed.user.roletype, 'Admin');
    });

    it('refuses duplicate usernames in a domain (any case), unknown accounts and missing parameters with 431', async () => {
      const base = { account: 'alice', password: 'pw', email: 'x@example.org', firstname: 'X', lastname: 'Y' };
      await expectError(admin, 'createUser', { ...base, username: 'BOB' }, 431, /already exists/);
      await expectError(admin, 'createUser', { ...base, username: 'admin' }, 431, /already exists/);
      await expectError(admin, 'createUser', { ...base, username: 'z', account: 'nobody' }, 431, /Unable to find account nobody/);
      await expectError(admin, 'createUser', { ...base, username: 'z', domainid: crypto.randomUUID() }, 431);
      await expectError(admin, 'createUser', { ...base, username: 'z', timezone: 'Mars/Olympus' }, 431, /timezone/);
      await expectError(admin, 'createUser', { ...base, username: '   ' }, 431, /blank/);
      await expectError(admin, 'createUser', { account: 'alice', username: 'z', email: 'x@example.org', firstname: 'X', lastname: 'Y' }, 431, /missing parameter password/);
      await expectError(admin, 'createUser', { ...base, username: 'x', account: 'system' }, 531, /system account/);
      // Plain users cannot call it at all.
      await expectError(alice.client, 'createUser', { ...base, username: 'carl' }, 432);
    });

    it('lists users within the caller\'s reach, never the system user', async () => {
      const all = await users(admin);
      assert.deepEqual(all.map((u) => u.username).sort(), ['admin', 'alice', 'bob', 'second-admin']);
      assert.ok(!all.some((u) => u.id === SYSTEM_USER_ID));
      assert.deepEqual((await users(admin, { id: SYSTEM_USER_ID })), []);
      const own = await users(alice.client);
      assert.deepEqual(own.map((u) => u.username).sort(), ['alice', 'bob']);
      assert.deepEqual((await users(alice.client, { listall: true })).map((u) => u.username).sort(), ['alice', 'bob']);
      assert.deepEqual(await users(alice.client, { id: adminUserId }), []);
      await expectError(alice.client, 'listUsers', { account: 'admin' }, 531);
      assert.deepEqual((await users(admin, { account: 'alice' })).map((u) => u.username).sort(), ['alice', 'bob']);
      assert.deepEqual((await users(admin, { accounttype: 1 })).map((u) => u.username).sort(), ['admin', 'second-admin']);
      assert.deepEqual((await users(admin, { username: 'bob' })).map((u) => u.id), [bob.id]);
      assert.deepEqual((await users(admin, { keyword: 'BUILD' })).map((u) => u.id), [bob.id]);
      assert.equal((await users(admin, { state: 'disabled' })).length, 0);
      const page = await admin.ok('listUsers', { pagesize: 1, page: 2 });
      assert.equal(page.count, 4);
      assert.equal(page.user.length, 1);
    });

    it('updates names, email and timezone, refusing blanks and taken usernames', async () => {
      const r = await alice.client.ok('updateUser', { id: alice.userId, firstname: 'Alicia', email: 'alicia@example.org', timezone: 'UTC' });
      assertResponseFields('updateUser', r.user);
      assert.equal(r.user.firstname, 'Alicia');
      assert.equal(r.user.email, 'alicia@example.org');
      assert.equal(r.user.timezone, 'UTC');
      assert.equal((await users(admin, { id: alice.userId }))[0].firstname, 'Alicia');
      await expectError(alice.client, 'updateUser', { id: alice.userId, lastname: '  ' }, 431, /Lastname cannot be empty/);
      await expectError(admin, 'updateUser', { id: bob.id, username: 'Alice' }, 431, /already exists/);
      await expectError(admin, 'updateUser', { id: crypto.randomUUID() }, 431);
      await expectError(admin, 'updateUser', { id: SYSTEM_USER_ID, firstname: 'x' }, 431);
      const renamed = await admin.ok('updateUser', { id: bob.id, username: 'Bob' });
      assert.equal(renamed.user.username, 'Bob');
      await admin.ok('updateUser', { id: bob.id, username: 'bob' });
    });

    it('keeps users out of other accounts and admins out of stronger accounts', async () => {
      await expectError(alice.client, 'updateUser', { id: adminUserId, firstname: 'pwned' }, 531);
      const dadmin = await createTenant(admin, { username: 'dadmin', accounttype: 2 });
      await expectError(dadmin.client, 'updateUser', { id: adminUserId, firstname: 'pwned' }, 531, /role type Admin/);
      const job = await dadmin.client.job('disableUser', { id: adminUserId });
      assert.equal(job.jobstatus, 2);
      assert.equal(job.jobresult.errorcode, 531);
      assert.equal((await dadmin.client.call('updateUser', { id: bob.id, lastname: 'Builder' })).status, 200);
      const [adminUser] = await users(admin, { id: adminUserId });
      assert.equal(adminUser.firstname, 'admin');
      assert.equal(adminUser.state, 'enabled');
    });

    it('requires the current password from a user changing a password, not from an admin, and ends sessions', async () => {
      const session = await loginAs('alice', alice.password);
      assert.equal(session.status, 200);
      await expectError(alice.client, 'updateUser', { id: alice.userId, password: 'New-pw-1' }, 431, /current password must be provided/);
      await expectError(alice.client, 'updateUser', { id: alice.userId, password: 'New-pw-1', currentpassword: 'wrong' }, 431, /Current password is incorrect/);
      await alice.client.ok('updateUser', { id: alice.userId, password: 'New-pw-1', currentpassword: alice.password });
      assert.equal((await session.client.call('listUsers')).status, 401);
      assert.equal((await loginAs('alice', alice.password)).status, 401);
      assert.equal((await loginAs('alice', 'New-pw-1')).status, 200);
      // API keys are not a session: they keep working.
      assert.equal((await alice.client.call('listUsers')).status, 200);

      const bobSession = await loginAs('bob', bobPassword);
      await admin.ok('updateUser', { id: bob.id, password: 'Bob-pw-2' });
      assert.equal((await bobSession.client.call('listUsers')).status, 401);
      assert.equal((await loginAs('bob', 'Bob-pw-2')).status, 200);
    });

    it('sets API keys explicitly, as a pair and unique', async () => {
      await expectError(admin, 'updateUser', { id: bob.id, userapikey: 'only-the-key' }, 431, /pair/);
      await expectError(admin, 'updateUser', { id: bob.id, userapikey: alice.client.apiKey as string, usersecretkey: 's' }, 431, /already exists/);
      const r = await admin.ok('updateUser', { id: bob.id, userapikey: 'bob-key', usersecretkey: 'bob-secret' });
      assert.equal(r.user.apikey, 'bob-key');
      const bobKeys = new ApiClient(server.url, { apiKey: 'bob-key', secretKey: 'bob-secret' });
      assert.equal((await bobKeys.call('listUsers')).status, 200);
    });

    it('disables a user as an async job, which ends its access until it is enabled', async () => {
      const bobSession = await loginAs('bob', 'Bob-pw-2');
      const job = await admin.job('disableUser', { id: bob.id });
      assert.equal(job.jobstatus, 1, JSON.stringify(job));
      assert.equal(job.jobinstancetype, 'User');
      assert.equal(job.jobresult.user.state, 'disabled');
      assertResponseFields('disableUser', job.jobresult.user);
      assert.deepEqual((await users(admin, { state: 'disabled' })).map((u) => u.id), [bob.id]);
      assert.equal((await bobSession.client.call('listUsers')).status, 401);
      assert.equal((await new ApiClient(server.url, { apiKey: 'bob-key', secretKey: 'bob-secret' }).call('listUsers')).status, 401);
      assert.equal((await loginAs('bob', 'Bob-pw-2')).status, 401);

      const enabled = await admin.ok('enableUser', { id: bob.id });
      assert.equal(enabled.user.state, 'enabled');
      assert.equal((await loginAs('bob', 'Bob-pw-2')).status, 200);

      await expectError(alice.client, 'disableUser', { id: bob.id }, 432);
      const self = await admin.ok('disableUser', { id: adminUserId });
      const failed = await admin.waitForJob(self.jobid as string);
      assert.equal(failed.jobstatus, 2);
      assert.equal(failed.jobresult.errorcode, 431);
      assert.match(failed.jobresult.errortext, /logged in as/);
    });

    it('locks an enabled user, and the account with its last enabled user; enableUser undoes both', async () => {
      const r = await admin.ok('lockUser', { id: bob.id });
      assert.equal(r.user.state, 'locked');
      assert.equal((await loginAs('bob', 'Bob-pw-2')).status, 401);
      assert.equal((await admin.ok('lockUser', { id: bob.id })).user.state, 'locked');
      const account = async () => (await admin.ok('listAccounts', { id: alice.account.id as string })).account[0] as Body;
      assert.equal((await account()).state, 'enabled');

      await admin.ok('lockUser', { id: alice.userId });
      assert.equal((await account()).state, 'locked');
      assert.equal((await alice.client.call('listUsers')).status, 401);
      await admin.ok('enableUser', { id: alice.userId });
      assert.equal((await account()).state, 'enabled');
      assert.equal((await alice.client.call('listUsers')).status, 200);
      await admin.ok('enableUser', { id: bob.id });

      await admin.job('disableUser', { id: bob.id });
      await expectError(admin, 'lockUser', { id: bob.id }, 431, /Only an enabled user/);
      await admin.ok('enableUser', { id: bob.id });
      await expectError(admin, 'lockUser', { id: SYSTEM_USER_ID }, 431);
    });

    it('deletes a user and its sessions, but never the default admin, itself or the system user', async () => {
      const bobSession = await loginAs('bob', 'Bob-pw-2');
      await expectError(alice.client, 'deleteUser', { id: bob.id }, 432);
      const r = await admin.ok('deleteUser', { id: bob.id });
      assert.equal(r.success, true);
      assert.deepEqual(await users(admin, { id: bob.id }), []);
      assert.equal((await bobSession.client.call('listUsers')).status, 401);
      await expectError(admin, 'deleteUser', { id: bob.id }, 431);
      await expectError(admin, 'deleteUser', { id: adminUserId }, 431, /default/);
      await expectError(admin, 'deleteUser', { id: SYSTEM_USER_ID }, 431);
      const second = (await users(admin, { username: 'second-admin' }))[0];
      const secondKeys = await admin.ok('registerUserKeys', { id: second.id as string });
      const asSecond = new ApiClient(server.url, { apiKey: secondKeys.userkeys.apikey, secretKey: secondKeys.userkeys.secretkey });
      await expectError(asSecond, 'deleteUser', { id: second.id as string }, 431, /logged in as/);
    });
  });
}
