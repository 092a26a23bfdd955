import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_DOMAIN_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const limits = (body: Body): Record<string, number> =>
  Object.fromEntries(((body.resourcelimit ?? []) as Body[]).map((l) => [l.resourcetypename as string, l.max as number]));

for (const dialect of testDialects()) {
  describe(`resource limits [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let ops: Body;
    let team: Body;
    let other: Body;
    let user: TenantAccount;
    let dora: TenantAccount;
    let stranger: TenantAccount;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      ops = (await admin.ok('createDomain', { name: 'Ops' })).domain;
      team = (await admin.ok('createDomain', { name: 'Team', parentdomainid: ops.id })).domain;
      other = (await admin.ok('createDomain', { name: 'Other' })).domain;
      user = await createTenant(admin, { username: 'ursula', domainid: team.id });
      dora = await createTenant(admin, { username: 'dora', accounttype: 2, domainid: ops.id });
      stranger = await createTenant(admin, { username: 'sam', domainid: other.id });
    });
    after(() => server?.stop());

    it('lists the defaults of an account and a domain from max.account.* and max.domain.*, with CloudStack\'s fields', async () => {
      const own = await user.client.ok('listResourceLimits');
      assertListResponse('listResourceLimits', own);
      assert.equal(own.count, 12);
      const first = own.resourcelimit[0];
      assert.deepEqual(first, { account: 'ursula', domainid: team.id, domain: 'Team', domainpath: 'ROOT/Ops/Team', resourcetype: '0', resourcetypename: 'user_vm', max: 20 });
      assert.deepEqual(limits(own), {
        user_vm: 20, public_ip: 20, volume: 20, snapshot: 20, template: 20, project: 10, network: 20, vpc: 20,
        cpu: 40, memory: 40960, primary_storage: 200, secondary_storage: 400,
      });
      const domain = await admin.ok('listResourceLimits', { domainid: ops.id });
      assert.ok(domain.resourcelimit.every((l: Body) => l.account === undefined && l.domainid === ops.id));
      assert.equal(limits(domain).user_vm, 40);
      assert.equal(limits(domain).memory, 81920);
      assert.ok(Object.values(limits(await admin.ok('listResourceLimits', { domainid: ROOT_DOMAIN_ID }))).every((m) => m === -1), 'ROOT is unlimited');
      assert.ok(Object.values(limits(await admin.ok('listResourceLimits'))).every((m) => m === -1), 'root admin accounts are unlimited');
    });

    it('filters by resourcetype, resourcetypename and keyword, and pages', async () => {
      assert.deepEqual((await user.client.ok('listResourceLimits', { resourcetype: 9 })).resourcelimit.map((l: Body) => l.resourcetypename), ['memory']);
      assert.deepEqual((await user.client.ok('listResourceLimits', { resourcetypename: 'cpu' })).resourcelimit.map((l: Body) => l.resourcetype), ['8']);
      assert.deepEqual(Object.keys(limits(await user.client.ok('listResourceLimits', { keyword: 'storage' }))), ['primary_storage', 'secondary_storage']);
      const page = await user.client.ok('listResourceLimits', { page: 2, pagesize: 5 });
      assert.equal(page.count, 12);
      assert.deepEqual(page.resourcelimit.map((l: Body) => l.resourcetype), ['5', '6', '7', '8', '9']);
      assert.equal((await user.client.call('listResourceLimits', { resourcetype: 12 })).status, 431);
      assert.equal((await user.client.call('listResourceLimits', { resourcetypename: 'gpu' })).status, 431);
    });

    it('a default changed in the settings applies to every account without a limit of its own', async () => {
      await admin.ok('updateConfiguration', { name: 'max.account.user.vms', value: '7' });
      assert.equal(limits(await user.client.ok('listResourceLimits', { resourcetype: 0 })).user_vm, 7);
      await admin.ok('resetConfiguration', { name: 'max.account.user.vms' });
    });

    it('updates an account\'s limit; -1 is unlimited and the default when max is absent', async () => {
      const r = await admin.ok('updateResourceLimit', { resourcetype: 0, max: 5, account: 'ursula', domainid: team.id });
      assertResponseFields('updateResourceLimit', r.resourcelimit);
      assert.deepEqual(r.resourcelimit, { account: 'ursula', domainid: team.id, domain: 'Team', domainpath: 'ROOT/Ops/Team', resourcetype: '0', resourcetypename: 'user_vm', max: 5 });
      assert.equal(limits(await user.client.ok('listResourceLimits', { resourcetype: 0 })).user_vm, 5);
      assert.equal((await admin.ok('updateResourceLimit', { resourcetype: 8, account: 'ursula', domainid: team.id })).resourcelimit.max, -1);
      assert.equal(limits(await admin.ok('listResourceLimits', { account: 'ursula', domainid: team.id })).cpu, -1);
      const events = (await admin.ok('listEvents', { type: 'RESOURCE.LIMIT.UPDATE' })).event as Body[];
      assert.ok(events.some((e) => /user_vm limit of account ursula to 5/.test(e.description)));
    });

    it('a domain limit is inherited by subdomains without one, and bounded by the parent\'s', async () => {
      const r = await admin.ok('updateResourceLimit', { resourcetype: 2, max: 30, domainid: ops.id });
      assert.deepEqual(r.resourcelimit, { domainid: ops.id, domain: 'Ops', domainpath: 'ROOT/Ops', resourcetype: '2', resourcetypename: 'volume', max: 30 });
      assert.equal(limits(await admin.ok('listResourceLimits', { domainid: team.id })).volume, 30, 'inherited');
      const tree = await admin.ok('listResourceLimits', { domainid: ops.id, isrecursive: true, resourcetype: 2 });
      assert.deepEqual(tree.resourcelimit.map((l: Body) => [l.domain, l.max]), [['Ops', 30], ['Team', 30]]);
      const tooMuch = await admin.call('updateResourceLimit', { resourcetype: 2, max: 31, domainid: team.id });
      assert.equal(tooMuch.status, 431);
      assert.match(tooMuch.body.errortext, /maximum allowed resource limit 30/);
      assert.equal((await admin.ok('updateResourceLimit', { resourcetype: 2, max: 12, domainid: team.id })).resourcelimit.max, 12);
    });

    it('refuses bad input: resource type, max below -1, no owner, ROOT (531), limits on root admin accounts', async () => {
      const bad = async (params: Record<string, string | number>, status: number, text: RegExp) => {
        const r = await admin.call('updateResourceLimit', params);
        assert.equal(r.status, status, JSON.stringify(params));
        assert.match(r.body.errortext, text);
      };
      await bad({ resourcetype: 42, max: 1, domainid: ops.id }, 431, /resourcetype/);
      await bad({ max: 1, domainid: ops.id }, 431, /missing parameter resourcetype/);
      await bad({ resourcetype: 0, max: -2, domainid: ops.id }, 431, /-1/);
      await bad({ resourcetype: 0, max: 1 }, 431, /account .*or domainid/);
      await bad({ resourcetype: 0, max: 1, domainid: ROOT_DOMAIN_ID }, 531, /ROOT domain/);
      await bad({ resourcetype: 0, max: 1, account: 'admin' }, 431, /Only -1 .* root admin/);
      assert.equal((await admin.ok('updateResourceLimit', { resourcetype: 0, max: -1, account: 'admin' })).resourcelimit.max, -1);
      await bad({ resourcetype: 0, max: 1, account: 'nobody', domainid: ops.id }, 431, /nobody/);
    });

    it('a domain admin sets limits below its domain, never its own domain\'s or account\'s nor outside its subtree', async () => {
      assert.equal((await dora.client.ok('updateResourceLimit', { resourcetype: 0, max: 3, domainid: team.id })).resourcelimit.max, 3);
      assert.equal((await dora.client.ok('updateResourceLimit', { resourcetype: 0, max: 4, account: 'ursula', domainid: team.id })).resourcelimit.max, 4);
      assert.equal((await dora.client.call('updateResourceLimit', { resourcetype: 0, max: 3, domainid: ops.id })).status, 531);
      assert.equal((await dora.client.call('updateResourceLimit', { resourcetype: 0, max: 99, account: 'dora', domainid: ops.id })).status, 531);
      assert.equal((await dora.client.call('updateResourceLimit', { resourcetype: 0, max: 3, domainid: other.id })).status, 531);
      assert.equal((await dora.client.call('updateResourceLimit', { resourcetype: 0, max: 3, account: 'sam', domainid: other.id })).status, 531);
      assert.equal((await dora.client.call('listResourceLimits', { domainid: other.id })).status, 531);
      assert.equal(limits(await dora.client.ok('listResourceLimits', { account: 'ursula', domainid: team.id })).user_vm, 4);
    });

    it('listAccounts and listDomains show each account\'s and domain\'s limits, totals and what is left', async () => {
      const accounts = await dora.client.ok('listAccounts', { name: 'ursula', domainid: team.id });
      assertListResponse('listAccounts', accounts);
      const u = accounts.account[0];
      assert.deepEqual([u.vmlimit, u.vmtotal, u.vmavailable], ['4', 0, '4']);
      assert.deepEqual([u.cpulimit, u.cpuavailable, u.memorylimit, u.primarystoragelimit, u.primarystoragetotal], ['Unlimited', 'Unlimited', '40960', '200', 0]);
      const domains = await admin.ok('listDomains', { id: team.id });
      assertListResponse('listDomains', domains);
      const d = domains.domain[0];
      assert.deepEqual([d.vmlimit, d.volumelimit, d.cpulimit, d.vmtotal, d.iplimit], ['3', '12', '80', 0, '40']);
      assert.equal((await admin.ok('listAccounts', { name: 'admin' })).account[0].vmlimit, 'Unlimited');
      assert.equal((await admin.ok('listDomains', { id: ROOT_DOMAIN_ID })).domain[0].memorylimit, 'Unlimited');
    });

    it('a user lists only its own account\'s limits and changes none', async () => {
      assert.equal((await user.client.call('updateResourceLimit', { resourcetype: 0, max: 100, account: 'ursula', domainid: team.id })).status, 432);
      assert.equal((await user.client.call('listResourceLimits', { account: 'sam', domainid: other.id })).status, 531);
      assert.equal((await stranger.client.call('listResourceLimits', { account: 'ursula', domainid: team.id })).status, 531);
      const own = await stranger.client.ok('listResourceLimits', { domainid: other.id });
      assert.ok(own.resourcelimit.every((l: Body) => l.account === 'sam'), 'a user asking for its domain gets its own account');
      assert.equal((await user.client.call('updateResourceCount', { domainid: team.id })).status, 432);
    });
  });
}
