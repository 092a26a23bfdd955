import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUILTIN_ROLES, ROOT_DOMAIN_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`domains [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
    });
    after(() => server?.stop());

    const create = async (params: Record<string, string>) => (await admin.ok('createDomain', params)).domain as Body;
    const listAll = async (params: Record<string, string | number | boolean> = {}) =>
      ((await admin.ok('listDomains', { listall: true, ...params })).domain ?? []) as Body[];

    it('creates domains under ROOT and below, with path, level and parent', async () => {
      const d = await create({ name: 'Sales', networkdomain: 'sales.example.org' });
      assert.equal(d.name, 'Sales');
      assert.equal(d.path, 'ROOT/Sales');
      assert.equal(d.level, 1);
      assert.equal(d.parentdomainid, ROOT_DOMAIN_ID);
      assert.equal(d.parentdomainname, 'ROOT');
      assert.equal(d.state, 'Active');
      assert.equal(d.haschild, false);
      assert.equal(d.networkdomain, 'sales.example.org');
      assert.match(d.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      assertResponseFields('createDomain', d);
      const c = await create({ name: 'East', parentdomainid: d.id });
      assert.equal(c.path, 'ROOT/Sales/East');
      assert.equal(c.level, 2);
      assert.equal(c.parentdomainname, 'Sales');
      const [again] = await listAll({ id: d.id });
      assert.equal(again.haschild, true);
    });

    it('keeps names unique among siblings only, ignoring case', async () => {
      const p = await create({ name: 'Uniq' });
      await create({ name: 'Child', parentdomainid: p.id });
      const dup = await admin.call('createDomain', { name: 'child', parentdomainid: p.id });
      assert.equal(dup.status, 431);
      assert.match(dup.body.errortext, /already exists/);
      const elsewhere = await create({ name: 'Child' });
      assert.equal(elsewhere.path, 'ROOT/Child');
    });

    it('refuses bad names, network domains, parents and reused ids with 431', async () => {
      assert.equal((await admin.call('createDomain', { name: 'a/b' })).status, 431);
      assert.equal((await admin.call('createDomain', { name: 'x', networkdomain: 'bad_domain!' })).status, 431);
      assert.equal((await admin.call('createDomain', { name: 'x', parentdomainid: crypto.randomUUID() })).status, 431);
      assert.equal((await admin.call('createDomain', {})).status, 431);
      const id = crypto.randomUUID();
      const fixed = await create({ name: 'Fixed', domainid: id });
      assert.equal(fixed.id, id);
      const reused = await admin.call('createDomain', { name: 'Other', domainid: id });
      assert.equal(reused.status, 431);
      assert.equal((await listAll({ name: 'Other' })).length, 0);
    });

    it('lists the caller\'s domain, the subtree with listall, and filters by id, name, level and keyword', async () => {
      const own = await admin.ok('listDomains');
      assert.equal(own.count, 1);
      assert.equal(own.domain[0].id, ROOT_DOMAIN_ID);
      assert.equal(own.domain[0].path, 'ROOT');
      const root = await create({ name: 'ListRoot' });
      const a = await create({ name: 'ListA', parentdomainid: root.id });
      await create({ name: 'ListB', parentdomainid: root.id });
      await create({ name: 'Deep', parentdomainid: a.id });
      assert.deepEqual((await listAll({ id: root.id })).map((d) => d.path), ['ROOT/ListRoot', 'ROOT/ListRoot/ListA', 'ROOT/ListRoot/ListA/Deep', 'ROOT/ListRoot/ListB']);
      assert.deepEqual((await admin.ok('listDomains', { id: root.id })).domain.map((d: Body) => d.name), ['ListRoot']);
      assert.deepEqual((await listAll({ name: 'ListA' })).map((d) => d.id), [a.id]);
      assert.deepEqual((await listAll({ keyword: 'lista' })).map((d) => d.id), [a.id]);
      assert.ok((await listAll({ level: 3 })).some((d) => d.name === 'Deep'));
      assert.ok((await listAll({ level: 3 })).every((d) => d.level === 3));
      const page = await admin.ok('listDomains', { listall: true, id: root.id, page: 2, pagesize: 3 });
      assertListResponse('listDomains', page);
      assert.equal(page.count, 4);
      assert.equal(page.domain.length, 1);
      assert.equal((await admin.call('listDomains', { id: crypto.randomUUID() })).status, 431);
    });

    it('lists a domain\'s children, or all its descendants with isrecursive', async () => {
      const root = await create({ name: 'Kids' });
      const a = await create({ name: 'K1', parentdomainid: root.id });
      await create({ name: 'K2', parentdomainid: root.id });
      await create({ name: 'K1a', parentdomainid: a.id });
      const direct = await admin.ok('listDomainChildren', { id: root.id });
      assert.deepEqual(direct.domain.map((d: Body) => d.name), ['K1', 'K2']);
      const all = await admin.ok('listDomainChildren', { id: root.id, isrecursive: true });
      assertListResponse('listDomainChildren', all);
      assert.deepEqual(all.domain.map((d: Body) => d.name), ['K1', 'K1a', 'K2']);
      assert.deepEqual((await admin.ok('listDomainChildren', { id: root.id, keyword: 'k1' })).domain.map((d: Body) => d.name), ['K1']);
      assert.deepEqual(await admin.ok('listDomainChildren', { id: a.id, name: 'nope' }), {});
      const fromRoot = await admin.ok('listDomainChildren');
      assert.ok(fromRoot.domain.some((d: Body) => d.id === root.id));
      assert.ok(fromRoot.domain.every((d: Body) => d.level === 1));
    });

    it('renames a domain and the path of every descendant; logins use the new path', async () => {
      const top = await create({ name: 'Old' });
      const mid = await create({ name: 'Mid', parentdomainid: top.id });
      const leaf = await create({ name: 'Leaf', parentdomainid: mid.id });
      const tenant = await createTenant(admin, { username: 'leafuser', domainid: leaf.id });
      const renamed = (await admin.ok('updateDomain', { id: top.id, name: 'New', networkdomain: 'new.example.org' })).domain;
      assert.equal(renamed.name, 'New');
      assert.equal(renamed.path, 'ROOT/New');
      assert.equal(renamed.networkdomain, 'new.example.org');
      assertResponseFields('updateDomain', renamed);
      assert.deepEqual((await listAll({ id: top.id })).map((d) => d.path), ['ROOT/New', 'ROOT/New/Mid', 'ROOT/New/Mid/Leaf']);
      assert.equal((await new ApiClient(server.url).login('leafuser', tenant.password, '/Old/Mid/Leaf')).status, 401);
      assert.equal((await new ApiClient(server.url).login('leafuser', tenant.password, '/New/Mid/Leaf')).status, 200);
      const sibling = await create({ name: 'Taken' });
      const clash = await admin.call('updateDomain', { id: sibling.id, name: 'new' });
      assert.equal(clash.status, 431);
      assert.equal((await listAll({ id: sibling.id }))[0].path, 'ROOT/Taken');
    });

    it('refuses to rename ROOT but lets its network domain change', async () => {
      const r = await admin.call('updateDomain', { id: ROOT_DOMAIN_ID, name: 'TOP' });
      assert.equal(r.status, 431);
      const ok = await admin.ok('updateDomain', { id: ROOT_DOMAIN_ID, networkdomain: 'cloud.example.org' });
      assert.equal(ok.domain.name, 'ROOT');
      assert.equal(ok.domain.networkdomain, 'cloud.example.org');
    });

    it('deletes an empty domain, and with cleanup a whole subtree with its accounts and users', async () => {
      const empty = await create({ name: 'Empty' });
      const done = await admin.job('deleteDomain', { id: empty.id });
      assert.equal(done.jobstatus, 1, JSON.stringify(done));
      assert.equal(done.jobresult.success, true);
      assert.equal((await listAll({ name: 'Empty' })).length, 0);

      const top = await create({ name: 'Doomed' });
      const sub = await create({ name: 'DoomedSub', parentdomainid: top.id });
      const t1 = await createTenant(admin, { username: 'doomed1', domainid: top.id });
      const t2 = await createTenant(admin, { username: 'doomed2', domainid: sub.id });
      assert.equal((await t2.client.call('listAccounts')).status, 200);
      const first = await admin.ok('deleteDomain', { id: top.id, cleanup: true });
      assert.equal(first.id, top.id);
      const result = await admin.waitForJob(first.jobid);
      assert.equal(result.jobstatus, 1, JSON.stringify(result));
      assert.equal(result.jobinstancetype, 'Domain');
      assert.equal((await admin.call('listDomains', { id: top.id })).status, 431);
      assert.equal((await admin.call('listDomains', { id: sub.id })).status, 431);
      const accounts = (await admin.ok('listAccounts', { listall: true })).account as Body[];
      assert.ok(!accounts.some((a) => a.id === t1.account.id || a.id === t2.account.id));
      assert.equal((await t1.client.call('listAccounts')).status, 401);
      assert.equal((await t2.client.call('listAccounts')).status, 401);
    });

    it('refuses to delete ROOT (531) as a job failure, and unknown domains (431) before any job', async () => {
      const root = await admin.job('deleteDomain', { id: ROOT_DOMAIN_ID, cleanup: true });
      assert.equal(root.jobstatus, 2);
      assert.equal(root.jobresultcode, 531);
      assert.equal(root.jobresult.errorcode, 531);
      const unknown = await admin.call('deleteDomain', { id: crypto.randomUUID() });
      assert.equal(unknown.status, 431);
      assert.match(unknown.body.errortext, /Invalid parameter id value=.* entity does not exist/);
      assert.equal((await admin.call('deleteDomain', {})).status, 431);
    });

    it('keeps a domain admin inside its subtree', async () => {
      const d = await create({ name: 'Managed' });
      const sibling = await create({ name: 'Neighbour' });
      const da = await createTenant(admin, { username: 'dadmin', domainid: d.id, accounttype: 2 });
      const own = await da.client.ok('listDomains', { listall: true });
      assert.deepEqual(own.domain.map((x: Body) => x.id), [d.id]);
      const child = (await da.client.ok('createDomain', { name: 'Team', parentdomainid: d.id })).domain;
      assert.equal(child.path, 'ROOT/Managed/Team');
      assert.equal((await da.client.call('createDomain', { name: 'Rogue' })).status, 531);
      assert.equal((await da.client.call('createDomain', { name: 'Rogue', parentdomainid: sibling.id })).status, 531);
      assert.equal((await da.client.call('updateDomain', { id: sibling.id, name: 'Mine' })).status, 531);
      assert.equal((await da.client.call('listDomains', { id: sibling.id })).status, 531);
      assert.equal((await da.client.call('listDomainChildren', { id: ROOT_DOMAIN_ID })).status, 531);
      assert.equal((await da.client.job('deleteDomain', { id: sibling.id })).jobresultcode, 531);
      assert.equal((await da.client.job('deleteDomain', { id: d.id, cleanup: true })).jobresultcode, 531);
      assert.equal((await da.client.job('deleteDomain', { id: child.id })).jobstatus, 1);
      // Cleanup would delete an account of a stronger role than the domain admin's own: refused, nothing changes.
      const infra = (await da.client.ok('createDomain', { name: 'Infra', parentdomainid: d.id })).domain;
      await createTenant(admin, { username: 'resadmin', domainid: infra.id, roleid: BUILTIN_ROLES.ResourceAdmin.id });
      assert.equal((await da.client.job('deleteDomain', { id: infra.id, cleanup: true })).jobresultcode, 531);
      assert.equal((await listAll({ id: infra.id }))[0].state, 'Active');
      assert.equal((await admin.ok('listAccounts', { domainid: infra.id })).count, 1);
    });

    it('shows a user only its own domain and no domain management', async () => {
      const d = await create({ name: 'UserLand' });
      const u = await createTenant(admin, { username: 'plain', domainid: d.id });
      const own = await u.client.ok('listDomains', { listall: true });
      assert.deepEqual(own.domain.map((x: Body) => x.id), [d.id]);
      assert.equal((await u.client.call('listDomains', { id: ROOT_DOMAIN_ID })).status, 531);
      assert.equal((await u.client.call('createDomain', { name: 'x', parentdomainid: d.id })).status, 432);
      assert.equal((await u.client.call('listDomainChildren')).status, 432);
    });
  });
}
