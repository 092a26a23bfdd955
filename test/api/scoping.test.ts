import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_DOMAIN_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const person = (username: string) => ({ username, password: 'Secret-1', email: `${username}@example.org`, firstname: 'F', lastname: 'L' });

/**
 * Tenant isolation through the identity commands: a user reaches only its own account, a domain admin only its
 * domain's subtree. Layout: D (with D/Sub) and its sibling S under ROOT; users A and B in D, C in S, E in D/Sub;
 * domain admin DA in D.
 */
for (const dialect of testDialects()) {
  describe(`tenant isolation [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let d: Body;
    let sub: Body;
    let s: Body;
    let a: TenantAccount;
    let b: TenantAccount;
    let c: TenantAccount;
    let e: TenantAccount;
    let da: TenantAccount;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      d = (await admin.ok('createDomain', { name: 'D' })).domain;
      sub = (await admin.ok('createDomain', { name: 'Sub', parentdomainid: d.id })).domain;
      s = (await admin.ok('createDomain', { name: 'S' })).domain;
      a = await createTenant(admin, { username: 'a', domainid: d.id });
      b = await createTenant(admin, { username: 'b', domainid: d.id });
      c = await createTenant(admin, { username: 'c', domainid: s.id });
      e = await createTenant(admin, { username: 'e', domainid: sub.id });
      da = await createTenant(admin, { username: 'da', domainid: d.id, accounttype: 2 });
    });
    after(() => server?.stop());

    const ids = (r: Body) => ((r.account ?? []) as Body[]).map((x) => x.id).sort();

    it('shows a user only its own account, whatever it asks for', async () => {
      assert.deepEqual(ids(await a.client.ok('listAccounts')), [a.account.id]);
      assert.deepEqual(ids(await a.client.ok('listAccounts', { listall: true })), [a.account.id]);
      assert.deepEqual(await a.client.ok('listAccounts', { id: b.account.id }), {});
      assert.deepEqual(await a.client.ok('listAccounts', { name: 'b' }), {});
      assert.deepEqual(ids(await a.client.ok('listAccounts', { domainid: d.id })), [a.account.id]);
      assert.equal((await a.client.call('listAccounts', { domainid: s.id })).status, 531);
      assert.equal((await a.client.call('listAccounts', { domainid: ROOT_DOMAIN_ID, isrecursive: true })).status, 531);
    });

    it('keeps a user away from another account\'s keys and from managing accounts', async () => {
      assert.equal((await a.client.call('registerUserKeys', { id: b.userId })).status, 531);
      assert.equal((await a.client.call('getUserKeys', { id: b.userId })).status, 531);
      assert.equal((await a.client.call('getUserKeys', { id: c.userId })).status, 531);
      // Account management is not a user's command at all (CloudStack's User role lacks it): refused as unknown.
      assert.equal((await a.client.call('updateAccount', { id: b.account.id, newname: 'pwned' })).status, 432);
      assert.equal((await a.client.call('deleteAccount', { id: b.account.id })).status, 432);
      assert.equal((await a.client.call('disableAccount', { id: b.account.id, lock: true })).status, 432);
      assert.equal((await a.client.call('createAccount', { ...person('sneaky'), accounttype: 0 })).status, 432);
      // B is untouched and still works.
      assert.equal((await b.client.ok('listAccounts')).account[0].name, 'b');
      assert.equal((await b.client.ok('getUserKeys', { id: b.userId })).userkeys.apikey, b.client.apiKey);
    });

    it('shows a domain admin the accounts of its domain and below, nothing outside', async () => {
      const all = ids(await da.client.ok('listAccounts', { listall: true }));
      assert.deepEqual(all, [a.account.id, b.account.id, da.account.id, e.account.id].sort());
      assert.deepEqual(ids(await da.client.ok('listAccounts', { domainid: sub.id })), [e.account.id]);
      assert.deepEqual(await da.client.ok('listAccounts', { id: c.account.id, listall: true }), {});
      assert.equal((await da.client.call('listAccounts', { domainid: s.id })).status, 531);
      assert.equal((await da.client.call('listAccounts', { domainid: ROOT_DOMAIN_ID })).status, 531);
    });

    it('lets a domain admin act on accounts in its subtree only', async () => {
      assert.equal((await da.client.ok('updateAccount', { id: e.account.id, networkdomain: 'e.example.org' })).account.networkdomain, 'e.example.org');
      assert.equal((await da.client.ok('getUserKeys', { id: a.userId })).userkeys.apikey, a.client.apiKey);
      assert.equal((await da.client.call('updateAccount', { id: c.account.id, newname: 'pwned' })).status, 531);
      assert.equal((await da.client.call('updateAccount', { account: 'c', domainid: s.id, newname: 'pwned' })).status, 531);
      assert.equal((await da.client.call('enableAccount', { id: c.account.id })).status, 531);
      assert.equal((await da.client.call('lockAccount', { account: 'c', domainid: s.id })).status, 531);
      assert.equal((await da.client.job('disableAccount', { id: c.account.id, lock: false })).jobresultcode, 531);
      assert.equal((await da.client.job('deleteAccount', { id: c.account.id })).jobresultcode, 531);
      assert.equal((await da.client.call('registerUserKeys', { id: c.userId })).status, 531);
      assert.equal((await da.client.call('getUserKeys', { id: c.userId })).status, 531);
      const admins = (await admin.ok('listAccounts', { name: 'admin' })).account[0];
      assert.equal((await da.client.call('updateAccount', { id: admins.id, newname: 'pwned' })).status, 531);
      assert.equal((await da.client.call('getUserKeys', { id: admins.user[0].id })).status, 531);
      // C is untouched and still works.
      const cNow = (await c.client.ok('listAccounts')).account[0];
      assert.equal(cNow.name, 'c');
      assert.equal(cNow.state, 'enabled');
    });

    it('refuses a domain admin a sibling domain as domainid', async () => {
      assert.equal((await da.client.call('createAccount', { ...person('intruder'), accounttype: 0, domainid: s.id })).status, 531);
      assert.equal((await da.client.call('listDomainChildren', { id: s.id })).status, 531);
      assert.equal((await da.client.call('createDomain', { name: 'x', parentdomainid: s.id })).status, 531);
      assert.deepEqual(await admin.ok('listAccounts', { domainid: s.id, name: 'intruder' }), {});
    });
  });
}
