import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUILTIN_ROLES, ROOT_DOMAIN_ID, SYSTEM_ACCOUNT_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertResponseFields } from '../support/fidelity.ts';
import { createTenant } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const person = (username: string) => ({ username, password: 'Secret-1', email: `${username}@example.org`, firstname: 'First', lastname: 'Last' });

for (const dialect of testDialects()) {
  describe(`accounts [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let domain: Body;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      domain = (await admin.ok('createDomain', { name: 'Acme' })).domain;
    });
    after(() => server?.stop());

    const accountById = async (id: string) => (await admin.ok('listAccounts', { id, listall: true })).account?.[0] as Body | undefined;

    it('creates an account with its first user, who can log in', async () => {
      const r = await admin.ok('createAccount', { ...person('alice'), accounttype: 0, domainid: domain.id, timezone: 'Europe/Paris', networkdomain: 'alice.example.org' });
      const a = r.account;
      assert.equal(a.name, 'alice');
      assert.equal(a.accounttype, 0);
      assert.equal(a.roleid, BUILTIN_ROLES.User.id);
      assert.equal(a.rolename, 'User');
      assert.equal(a.roletype, 'User');
      assert.equal(a.domainid, domain.id);
      assert.equal(a.domain, 'Acme');
      assert.equal(a.domainpath, 'ROOT/Acme');
      assert.equal(a.state, 'enabled');
      assert.equal(a.networkdomain, 'alice.example.org');
      assert.equal(a.isdefault, false);
      assert.equal(a.user.length, 1);
      assertResponseFields('createAccount', a);
      assert.equal(a.user[0].username, 'alice');
      assert.equal(a.user[0].email, 'alice@example.org');
      assert.equal(a.user[0].timezone, 'Europe/Paris');
      assert.equal(a.user[0].accountid, a.id);
      assert.equal(a.user[0].password, undefined);
      assert.deepEqual((await accountById(a.id))?.name, 'alice');
      assert.equal((await new ApiClient(server.url).login('alice', 'Secret-1', '/Acme')).status, 200);
      assert.equal((await new ApiClient(server.url).login('alice', 'wrong', '/Acme')).status, 401);
    });

    it('takes the role from roleid over accounttype; the account type follows the role', async () => {
      const a = (await admin.ok('createAccount', { ...person('dana'), account: 'Dana Ops', accounttype: 0, roleid: BUILTIN_ROLES.DomainAdmin.id, domainid: domain.id })).account;
      assert.equal(a.name, 'Dana Ops');
      assert.equal(a.accounttype, 2);
      assert.equal(a.roletype, 'DomainAdmin');
      const root = (await admin.ok('createAccount', { ...person('rooty'), accounttype: 1 })).account;
      assert.equal(root.roleid, BUILTIN_ROLES.Admin.id);
      assert.equal(root.domainid, ROOT_DOMAIN_ID);
    });

    it('refuses bad roles, types, domains, time zones and missing parameters with 431', async () => {
      const bad = async (params: Record<string, string | number>) => (await admin.call('createAccount', params)).status;
      assert.equal(await bad({ ...person('nobody') }), 431);
      assert.equal(await bad({ ...person('nobody'), accounttype: 7 }), 431);
      assert.equal(await bad({ ...person('nobody'), roleid: crypto.randomUUID() }), 431);
      assert.equal(await bad({ ...person('nobody'), accounttype: 0, domainid: crypto.randomUUID() }), 431);
      assert.equal(await bad({ ...person('nobody'), accounttype: 0, timezone: 'Mars/Olympus' }), 431);
      assert.equal(await bad({ ...person('nobody'), accounttype: 0, networkdomain: '-bad-' }), 431);
      // Root admin accounts belong in ROOT.
      assert.equal(await bad({ ...person('nobody'), accounttype: 1, domainid: domain.id }), 431);
      const { email: _, ...noEmail } = person('nobody');
      const missing = await admin.call('createAccount', { ...noEmail, accounttype: 0 });
      assert.equal(missing.status, 431);
      assert.match(missing.body.errortext, /email/);
      assert.equal((await admin.ok('listAccounts', { listall: true, name: 'nobody' })).count, undefined);
    });

    it('keeps account names and usernames unique in a domain, not across domains', async () => {
      await admin.ok('createAccount', { ...person('bob'), accounttype: 0, domainid: domain.id });
      const sameName = await admin.call('createAccount', { ...person('bobby'), account: 'BOB', accounttype: 0, domainid: domain.id });
      assert.equal(sameName.status, 431);
      const sameUser = await admin.call('createAccount', { ...person('bob'), account: 'other', accounttype: 0, domainid: domain.id });
      assert.equal(sameUser.status, 431);
      assert.match(sameUser.body.errortext, /bob/);
      const elsewhere = await admin.ok('createAccount', { ...person('bob'), accounttype: 0 });
      assert.equal(elsewhere.account.domainid, ROOT_DOMAIN_ID);
      assert.equal((await admin.ok('listAccounts', { listall: true, name: 'other' })).count, undefined);
    });

    it('uses the account and user ids a provisioning system gives, once', async () => {
      const accountid = crypto.randomUUID();
      const userid = crypto.randomUUID();
      const a = (await admin.ok('createAccount', { ...person('fixed'), accounttype: 0, domainid: domain.id, accountid, userid })).account;
      assert.equal(a.id, accountid);
      assert.equal(a.user[0].id, userid);
      assert.equal((await admin.call('createAccount', { ...person('fixed2'), accounttype: 0, accountid })).status, 431);
      assert.equal((await admin.call('createAccount', { ...person('fixed3'), accounttype: 0, userid })).status, 431);
    });

    it('updates name, network domain and role; refuses a name already taken', async () => {
      const a = (await admin.ok('createAccount', { ...person('carol'), accounttype: 0, domainid: domain.id })).account;
      await admin.ok('createAccount', { ...person('taken'), accounttype: 0, domainid: domain.id });
      const u = (await admin.ok('updateAccount', { id: a.id, newname: 'carol-team', networkdomain: 'carol.example.org' })).account;
      assert.equal(u.name, 'carol-team');
      assert.equal(u.networkdomain, 'carol.example.org');
      assertResponseFields('updateAccount', u);
      const byName = (await admin.ok('updateAccount', { account: 'carol-team', domainid: domain.id, roleid: BUILTIN_ROLES.DomainAdmin.id })).account;
      assert.equal(byName.id, a.id);
      assert.equal(byName.roletype, 'DomainAdmin');
      assert.equal(byName.accounttype, 2);
      const clash = await admin.call('updateAccount', { id: a.id, newname: 'Taken' });
      assert.equal(clash.status, 431);
      assert.equal((await accountById(a.id))?.name, 'carol-team');
      assert.equal((await admin.call('updateAccount', { id: a.id, roleid: BUILTIN_ROLES.Admin.id })).status, 431);
      assert.equal((await admin.call('updateAccount', { newname: 'x' })).status, 431);
      assert.equal((await admin.call('updateAccount', { id: crypto.randomUUID(), newname: 'x' })).status, 431);
      assert.equal((await admin.call('updateAccount', { id: SYSTEM_ACCOUNT_ID, newname: 'x' })).status, 531);
    });

    it('disables, locks and enables an account; its users are shut out while it is not enabled', async () => {
      const t = await createTenant(admin, { username: 'erin', domainid: domain.id });
      const session = new ApiClient(server.url);
      assert.equal((await session.login('erin', t.password, '/Acme')).status, 200);
      assert.equal((await session.call('listAccounts')).status, 200);

      const disabled = await admin.job('disableAccount', { id: t.account.id, lock: false });
      assert.equal(disabled.jobstatus, 1, JSON.stringify(disabled));
      assert.equal(disabled.jobresult.account.state, 'disabled');
      assertResponseFields('disableAccount', disabled.jobresult.account);
      assert.equal((await t.client.call('listAccounts')).status, 401);
      assert.equal((await session.call('listAccounts')).status, 401);
      assert.equal((await new ApiClient(server.url).login('erin', t.password, '/Acme')).status, 401);

      const enabled = (await admin.ok('enableAccount', { id: t.account.id })).account;
      assert.equal(enabled.state, 'enabled');
      assertResponseFields('enableAccount', enabled);
      assert.equal((await t.client.call('listAccounts')).status, 200);
      assert.equal((await new ApiClient(server.url).login('erin', t.password, '/Acme')).status, 200);

      const locked = await admin.job('disableAccount', { account: 'erin', domainid: domain.id, lock: true });
      assert.equal(locked.jobresult.account.state, 'locked');
      assert.equal((await t.client.call('listAccounts')).status, 401);
      await admin.ok('enableAccount', { account: 'erin', domainid: domain.id });
      const lockedAgain = (await admin.ok('lockAccount', { account: 'erin', domainid: domain.id })).account;
      assert.equal(lockedAgain.state, 'locked');
      assertResponseFields('lockAccount', lockedAgain);
      assert.equal((await new ApiClient(server.url).login('erin', t.password, '/Acme')).status, 401);
      assert.equal((await accountById(t.account.id))?.state, 'locked');

      assert.equal((await admin.call('lockAccount', { account: 'erin' })).status, 431);
      assert.equal((await admin.call('disableAccount', { id: t.account.id })).status, 431);
    });

    it('deletes an account with its users; refuses the caller\'s own, the default and the system account', async () => {
      const t = await createTenant(admin, { username: 'frank', domainid: domain.id });
      const first = await admin.ok('deleteAccount', { id: t.account.id });
      assert.equal(first.id, t.account.id);
      const done = await admin.waitForJob(first.jobid);
      assert.equal(done.jobstatus, 1, JSON.stringify(done));
      assert.equal(done.jobresult.success, true);
      assert.equal(done.jobinstancetype, 'Account');
      assert.equal(await accountById(t.account.id), undefined);
      assert.equal((await t.client.call('listAccounts')).status, 401);
      assert.equal((await new ApiClient(server.url).login('frank', t.password, '/Acme')).status, 401);

      const me = (await admin.ok('listAccounts', { name: 'admin' })).account[0];
      const own = await admin.job('deleteAccount', { id: me.id });
      assert.equal(own.jobstatus, 2);
      assert.equal(own.jobresultcode, 431);
      const system = await admin.job('deleteAccount', { id: SYSTEM_ACCOUNT_ID });
      assert.equal(system.jobresultcode, 531);
      const ownDisable = await admin.job('disableAccount', { id: me.id, lock: false });
      assert.equal(ownDisable.jobresultcode, 431);
      assert.equal((await admin.call('deleteAccount', { id: crypto.randomUUID() })).status, 431, 'an unknown account is refused before any job');

      // Another root admin may not delete the default admin account either.
      const other = await createTenant(admin, { username: 'root2', accounttype: 1 });
      const dflt = await other.client.job('deleteAccount', { id: me.id });
      assert.equal(dflt.jobresultcode, 431);
      assert.match(dflt.jobresult.errortext, /default/);
    });

    it('lets a domain admin create accounts no stronger than its own, in its subtree only', async () => {
      const da = await createTenant(admin, { username: 'acme-admin', domainid: domain.id, accounttype: 2 });
      const user = (await da.client.ok('createAccount', { ...person('grace'), accounttype: 0 })).account;
      assert.equal(user.domainid, domain.id);
      const peer = (await da.client.ok('createAccount', { ...person('henry'), roleid: BUILTIN_ROLES.DomainAdmin.id })).account;
      assert.equal(peer.roletype, 'DomainAdmin');
      const sub = (await da.client.ok('createDomain', { name: 'Lab', parentdomainid: domain.id })).domain;
      assert.equal((await da.client.ok('createAccount', { ...person('ivy'), accounttype: 0, domainid: sub.id })).account.domainpath, 'ROOT/Acme/Lab');
      assert.equal((await da.client.call('createAccount', { ...person('mallory'), accounttype: 1 })).status, 531);
      assert.equal((await da.client.call('createAccount', { ...person('mallory'), accounttype: 0, domainid: ROOT_DOMAIN_ID })).status, 531);
      assert.equal((await da.client.call('createAccount', { ...person('mallory'), roleid: BUILTIN_ROLES.ResourceAdmin.id })).status, 531);
      assert.equal((await da.client.call('updateAccount', { id: user.id, roleid: BUILTIN_ROLES.ResourceAdmin.id })).status, 531);
      assert.equal((await da.client.ok('updateAccount', { id: user.id, newname: 'grace2' })).account.name, 'grace2');
    });
  });
}
