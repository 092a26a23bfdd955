import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ROOT_DOMAIN_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const items = (body: Body): Body[] => (body.configuration ?? []) as Body[];
const byName = (body: Body, name: string): Body | undefined => items(body).find((c) => c.name === name);

for (const dialect of testDialects()) {
  describe(`configurations [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let ops: Body;
    let user: TenantAccount;
    let domainAdmin: TenantAccount;
    let adminAccountId: string;
    let zoneId: string;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      ops = (await admin.ok('createDomain', { name: 'Ops' })).domain;
      user = await createTenant(admin, { username: 'ursula', domainid: ops.id });
      domainAdmin = await createTenant(admin, { username: 'dora', accounttype: 2, domainid: ops.id });
      adminAccountId = (await admin.ok('listAccounts', { name: 'admin' })).account[0].id;
      // Scope ids are checked before anything else: a zone scope needs a zone.
      zoneId = (await admin.ok('createZone', { name: 'z1', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.1', guestcidraddress: '10.1.1.0/24' })).zone.id;
    });
    after(() => server?.stop());

    it('lists global settings with their values, defaults and CloudStack\'s fields', async () => {
      const body = await admin.ok('listConfigurations', { pagesize: -1 });
      assertListResponse('listConfigurations', body);
      assert.equal(body.count, body.configuration.length);
      const names = items(body).map((c) => c.name as string);
      assert.deepEqual(names, [...names].sort());
      assert.deepEqual(byName(body, 'default.page.size'), {
        name: 'default.page.size',
        value: '500',
        defaultvalue: '500',
        category: 'Advanced',
        description: byName(body, 'default.page.size')?.description,
        type: 'Number',
        scope: 'global',
        isdynamic: true,
        component: 'management-server',
      });
      assert.equal(byName(body, 'allow.user.view.destroyed.vm')?.type, 'Boolean');
    });

    it('filters by name (a part of it), category and keyword, and pages with count the total', async () => {
      const pageSize = items(await admin.ok('listConfigurations', { name: 'page.size' })).map((c) => c.name);
      assert.deepEqual(pageSize, ['default.page.size', 'default.ui.page.size']);
      const projects = items(await admin.ok('listConfigurations', { category: 'project defaults' }));
      assert.ok(projects.length >= 2 && projects.every((c) => c.category === 'Project Defaults'));
      const keyword = items(await admin.ok('listConfigurations', { keyword: 'INACTIVITY' })).map((c) => c.name);
      assert.deepEqual(keyword, ['session.timeout'], 'keyword searches descriptions too');
      const all = await admin.ok('listConfigurations');
      const first = await admin.ok('listConfigurations', { page: 1, pagesize: 2 });
      const second = await admin.ok('listConfigurations', { page: 2, pagesize: 2 });
      assert.equal(first.count, all.count);
      assert.deepEqual([...items(first), ...items(second)].map((c) => c.name), items(all).slice(0, 4).map((c) => c.name));
    });

    it('updates a global value, which takes effect at once, and resets it to the default', async () => {
      const r = await admin.ok('updateConfiguration', { name: 'default.page.size', value: '3' });
      assertResponseFields('updateConfiguration', r.configuration);
      assert.equal(r.configuration.value, '3');
      assert.equal(r.configuration.defaultvalue, '500');
      assert.equal(r.configuration.scope, 'global');
      assert.equal((await admin.call('listConfigurations', { pagesize: 4 })).status, 431, 'the new page size limit applies');
      assert.equal(byName(await admin.ok('listConfigurations', { name: 'default.page.size' }), 'default.page.size')?.value, '3');
      const reset = await admin.ok('resetConfiguration', { name: 'default.page.size' });
      assert.equal(reset.configuration.value, '500');
      assert.equal((await admin.ok('listConfigurations', { pagesize: 4 })).configuration.length, 4);
      const edits = (await admin.ok('listEvents', { type: 'CONFIGURATION.VALUE.EDIT' })).event as Body[];
      assert.equal(edits.length, 2);
      assert.ok(edits.every((e) => e.state === 'Completed' && e.level === 'INFO' && /default\.page\.size/.test(e.description)));
    });

    it('refuses bad values, unknown names, missing parameters and more than one scope with 431', async () => {
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ name: 'default.page.size', value: 'abc' }, /Invalid value 'abc' for configuration default.page.size/],
        [{ name: 'default.page.size', value: '0' }, /must be at least 1/],
        [{ name: 'allow.user.view.destroyed.vm', value: 'yes' }, /expected true or false/],
        [{ name: 'no.such.setting', value: '1' }, /Configuration no.such.setting does not exist/],
        [{ value: '1' }, /missing parameter name/],
        [{ name: 'default.page.size' }, /missing parameter value/],
        [{ name: 'allow.user.view.destroyed.vm', value: 'true', domainid: ops.id, accountid: user.account.id }, /only one of/],
        [{ name: 'default.page.size', value: '10', domainid: ops.id }, /cannot be set at domain scope/],
        [{ name: 'allow.user.view.destroyed.vm', value: 'true', zoneid: zoneId }, /cannot be set at zone scope/],
        [{ name: 'allow.user.view.destroyed.vm', value: 'true', domainid: randomUUID() }, /Invalid parameter domainid value=.* entity does not exist/],
        [{ name: 'allow.user.view.destroyed.vm', value: 'true', accountid: randomUUID() }, /Invalid parameter accountid value=.* entity does not exist/],
        [{ name: 'allow.user.view.destroyed.vm', value: 'true', accountid: 'not-a-uuid' }, /Invalid parameter accountid/],
      ];
      for (const [params, text] of cases) {
        const r = await admin.call('updateConfiguration', params);
        assert.equal(r.status, 431, JSON.stringify(params));
        assert.match(r.body.errortext, text, JSON.stringify(params));
      }
      assert.equal((await admin.call('resetConfiguration', { name: 'no.such.setting' })).status, 431);
      assert.equal((await admin.call('resetConfiguration', { name: 'default.page.size', accountid: user.account.id })).status, 431);
      assert.equal(byName(await admin.ok('listConfigurations', { name: 'default.page.size' }), 'default.page.size')?.value, '500', 'nothing changed');
    });

    it('keeps domain and account values: an account inherits its domain\'s, its own wins, reset falls back', async () => {
      const name = 'allow.user.view.destroyed.vm';
      const valueAt = async (scope: Record<string, string>) => byName(await admin.ok('listConfigurations', { name, ...scope }), name)?.value;

      const d = await admin.ok('updateConfiguration', { name, value: 'TRUE', domainid: ops.id });
      assert.equal(d.configuration.scope, 'domain');
      assert.equal(d.configuration.value, 'true');
      assert.equal(await valueAt({}), 'false', 'the global value is unchanged');
      assert.equal(await valueAt({ domainid: ops.id }), 'true');
      assert.equal(await valueAt({ accountid: user.account.id }), 'true', 'inherited from the domain');
      assert.equal(await valueAt({ accountid: adminAccountId }), 'false', 'an account of another domain');

      await admin.ok('updateConfiguration', { name, value: 'false', accountid: user.account.id });
      assert.equal(await valueAt({ accountid: user.account.id }), 'false');
      assert.equal(await valueAt({ accountid: domainAdmin.account.id }), 'true');

      const scoped = await admin.ok('listConfigurations', { accountid: user.account.id });
      assert.ok(items(scoped).length > 0 && items(scoped).every((c) => c.scope === 'account'));
      assert.equal(byName(scoped, 'default.page.size'), undefined, 'a global-only setting is not listed at account scope');
      assert.deepEqual(await admin.ok('listConfigurations', { zoneid: zoneId }), {}, 'no setting has a zone scope yet');

      const reset = await admin.ok('resetConfiguration', { name, accountid: user.account.id });
      assert.equal(reset.configuration.value, 'true', 'back to the domain\'s value');
      assert.equal(reset.configuration.scope, 'account');
      await admin.ok('resetConfiguration', { name, domainid: ops.id });
      assert.equal(await valueAt({ accountid: user.account.id }), 'false', 'back to the global value');
    });

    it('lets a domain admin manage values of its own subtree only, and a user none', async () => {
      const name = 'allow.user.expunge.recover.vm';
      assert.equal((await user.client.call('listConfigurations')).status, 432);
      assert.equal((await user.client.call('updateConfiguration', { name, value: 'true', accountid: user.account.id })).status, 432);

      const da = domainAdmin.client;
      assert.equal((await da.call('listConfigurations')).status, 531, 'global values are the root admin\'s');
      assert.equal((await da.call('updateConfiguration', { name: 'default.page.size', value: '10' })).status, 531);
      assert.equal((await da.call('updateConfiguration', { name, value: 'true', domainid: ROOT_DOMAIN_ID })).status, 531);
      assert.equal((await da.call('updateConfiguration', { name, value: 'true', accountid: adminAccountId })).status, 531);
      assert.equal((await da.call('listConfigurations', { accountid: adminAccountId })).status, 531);
      assert.equal((await da.call('updateConfiguration', { name, value: 'true', zoneid: zoneId })).status, 531);

      assert.equal((await da.ok('updateConfiguration', { name, value: 'true', accountid: user.account.id })).configuration.value, 'true');
      assert.equal(byName(await da.ok('listConfigurations', { domainid: ops.id, name }), name)?.value, 'false');
      assert.equal(byName(await da.ok('listConfigurations', { accountid: user.account.id, name }), name)?.value, 'true');
      assert.equal((await user.client.ok('listCapabilities')).capability.allowuserexpungerecovervm, true);
      assert.equal((await da.ok('resetConfiguration', { name, accountid: user.account.id })).configuration.value, 'false');
    });
  });
}
