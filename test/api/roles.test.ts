import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUILTIN_ROLES } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

async function expectError(client: ApiClient, command: string, params: Record<string, string | number | boolean>, code: number, text?: RegExp) {
  const r = await client.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
  if (text) assert.match(r.body.errortext as string, text);
}

for (const dialect of testDialects()) {
  describe(`roles and role permissions [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let custom: Body;
    let carol: TenantAccount;

    const roles = async (client: ApiClient, params: Record<string, string | number | boolean> = {}) => {
      const body = await client.ok('listRoles', params);
      assertListResponse('listRoles', body);
      return (body.role ?? []) as Body[];
    };
    const rules = async (roleid: string) => {
      const body = await admin.ok('listRolePermissions', { roleid });
      assertListResponse('listRolePermissions', body);
      return (body.rolepermission ?? []) as Body[];
    };
    const addRule = async (roleid: string, rule: string, permission: string) =>
      (await admin.ok('createRolePermission', { roleid, rule, permission })).rolepermission as Body;

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
    });
    after(() => server?.stop());

    it('lists the four built-in roles', async () => {
      const all = await roles(admin);
      assert.deepEqual(
        all.map((r) => [r.name, r.type, r.isdefault, r.ispublic, r.state]),
        [
          ['Root Admin', 'Admin', true, true, 'ENABLED'],
          ['Resource Admin', 'ResourceAdmin', true, true, 'ENABLED'],
          ['Domain Admin', 'DomainAdmin', true, true, 'ENABLED'],
          ['User', 'User', true, true, 'ENABLED'],
        ],
      );
      assert.deepEqual((await roles(admin, { type: 'user' })).map((r) => r.id), [BUILTIN_ROLES.User.id]);
      assert.deepEqual((await roles(admin, { keyword: 'ADMIN' })).length, 3);
      assert.equal((await admin.ok('listRoles', { pagesize: 1 })).count, 4);
      await expectError(admin, 'listRoles', { type: 'Superuser' }, 431);
    });

    it('creates roles with unique names, a valid type or a role to copy', async () => {
      const r = await admin.ok('createRole', { name: 'Restricted User', type: 'User', description: 'users with fewer rights' });
      custom = r.role as Body;
      assertResponseFields('createRole', custom);
      assert.equal(custom.type, 'User');
      assert.equal(custom.isdefault, false);
      assert.equal(custom.ispublic, true);
      assert.equal(custom.description, 'users with fewer rights');
      await expectError(admin, 'createRole', { name: 'restricted user', type: 'User' }, 431, /already exists/);
      await expectError(admin, 'createRole', { name: 'x', type: 'Superuser' }, 431, /type/);
      await expectError(admin, 'createRole', { name: 'x' }, 431, /Neither role type nor role ID/);
      await expectError(admin, 'createRole', { name: 'x', type: 'User', roleid: custom.id as string }, 431, /Both/);
      await expectError(admin, 'createRole', { name: 'x', roleid: crypto.randomUUID() }, 431);
      await expectError(admin, 'createRole', { type: 'User' }, 431, /missing parameter name/);
      const priv = await admin.ok('createRole', { name: 'Hidden', type: 'DomainAdmin', ispublic: false });
      assert.equal(priv.role.ispublic, false);
    });

    it('adds rules at the end of the order, refusing bad, duplicate and built-in ones', async () => {
      const first = await addRule(custom.id as string, 'listAccounts', 'deny');
      assertResponseFields('createRolePermission', first);
      assert.equal(first.roleid, custom.id);
      assert.equal(first.rolename, 'Restricted User');
      assert.equal(first.permission, 'deny');
      const second = await addRule(custom.id as string, 'list*', 'ALLOW');
      assert.equal(second.permission, 'allow');
      assert.deepEqual((await rules(custom.id as string)).map((r) => r.rule), ['listAccounts', 'list*']);
      await expectError(admin, 'createRolePermission', { roleid: custom.id as string, rule: 'list Accounts', permission: 'allow' }, 431, /rule/);
      await expectError(admin, 'createRolePermission', { roleid: custom.id as string, rule: 'list-vms', permission: 'allow' }, 431, /rule/);
      await expectError(admin, 'createRolePermission', { roleid: custom.id as string, rule: 'listUsers', permission: 'maybe' }, 431, /allow or deny/);
      await expectError(admin, 'createRolePermission', { roleid: custom.id as string, rule: 'listAccounts', permission: 'allow' }, 431, /already exists/);
      await expectError(admin, 'createRolePermission', { roleid: BUILTIN_ROLES.User.id, rule: 'listAccounts', permission: 'deny' }, 531, /default role/);
      await expectError(admin, 'createRolePermission', { roleid: crypto.randomUUID(), rule: 'listAccounts', permission: 'deny' }, 431);
      // The rules of a copied role come along, in order.
      const copy = (await admin.ok('createRole', { name: 'Copy', roleid: custom.id as string })).role as Body;
      assert.equal(copy.type, 'User');
      assert.deepEqual((await rules(copy.id as string)).map((r) => [r.rule, r.permission]), [['listAccounts', 'deny'], ['list*', 'allow']]);
      await admin.ok('deleteRole', { id: copy.id as string });
    });

    it('applies a deny rule to the role\'s users at once, while other commands still work', async () => {
      carol = await createTenant(admin, { username: 'carol', roleid: custom.id as string });
      assert.equal(carol.account.roleid, custom.id);
      await expectError(carol.client, 'listAccounts', {}, 432);
      assert.equal((await carol.client.call('listUsers')).status, 200);
      assert.equal((await carol.client.call('updateUser', { id: carol.userId, firstname: 'Caroline' })).status, 200);
    });

    it('lets an allow rule open a command the role type cannot normally call', async () => {
      // listRoles is for admins; list* allows it for this role. The first matching rule wins.
      const visible = await roles(carol.client);
      assert.ok(visible.length > 0);
      assert.ok(visible.every((r) => r.type === 'User' && r.ispublic === true), JSON.stringify(visible));
      const plain = await createTenant(admin, { username: 'plain' });
      await expectError(plain.client, 'listRoles', {}, 432);
    });

    it('reorders rules and switches a rule between allow and deny', async () => {
      const [deny, allow] = await rules(custom.id as string);
      await expectError(admin, 'updateRolePermission', { roleid: custom.id as string, ruleorder: allow.id as string }, 431, /exactly once/);
      await expectError(admin, 'updateRolePermission', { roleid: custom.id as string, ruleorder: `${allow.id},${allow.id}` }, 431);
      await expectError(admin, 'updateRolePermission', { roleid: custom.id as string, ruleorder: `${allow.id},${deny.id}`, ruleid: deny.id as string }, 431, /mutually exclusive/);
      await expectError(admin, 'updateRolePermission', { roleid: custom.id as string, ruleid: deny.id as string }, 431);
      await expectError(admin, 'updateRolePermission', { roleid: BUILTIN_ROLES.User.id, ruleid: deny.id as string, permission: 'allow' }, 531);
      await expectError(admin, 'updateRolePermission', { roleid: custom.id as string, ruleid: crypto.randomUUID(), permission: 'allow' }, 431);

      // list* now comes first and allows listAccounts.
      const r = await admin.ok('updateRolePermission', { roleid: custom.id as string, ruleorder: `${allow.id},${deny.id}` });
      assert.equal(r.success, true);
      assert.deepEqual((await rules(custom.id as string)).map((x) => x.rule), ['list*', 'listAccounts']);
      assert.equal((await carol.client.call('listAccounts')).status, 200);

      await admin.ok('updateRolePermission', { roleid: custom.id as string, ruleid: allow.id as string, permission: 'deny' });
      assert.equal((await rules(custom.id as string))[0].permission, 'deny');
      await expectError(carol.client, 'listAccounts', {}, 432);
      await expectError(carol.client, 'listUsers', {}, 432);
      assert.equal((await carol.client.call('updateUser', { id: carol.userId, lastname: 'Tenant' })).status, 200);
    });

    it('deletes rules, giving the role type\'s rights back', async () => {
      for (const r of await rules(custom.id as string)) assert.equal((await admin.ok('deleteRolePermission', { id: r.id as string })).success, true);
      assert.deepEqual(await rules(custom.id as string), []);
      assert.equal((await carol.client.call('listAccounts')).status, 200);
      await expectError(carol.client, 'listRoles', {}, 432);
      await expectError(admin, 'deleteRolePermission', { id: crypto.randomUUID() }, 431);
    });

    it('updates custom roles; a default role only changes visibility', async () => {
      const r = await admin.ok('updateRole', { id: custom.id as string, name: 'Limited User', description: 'renamed' });
      assertResponseFields('updateRole', r.role);
      assert.equal(r.role.name, 'Limited User');
      assert.equal(r.role.description, 'renamed');
      assert.equal((await roles(admin, { id: custom.id as string }))[0].name, 'Limited User');
      await expectError(admin, 'updateRole', { id: custom.id as string, name: 'user' }, 431, /already exists/);
      await expectError(admin, 'updateRole', { id: custom.id as string, type: 'DomainAdmin' }, 536, /in use/);
      await expectError(admin, 'updateRole', { id: BUILTIN_ROLES.User.id, name: 'Customer' }, 531, /default role/);
      await expectError(admin, 'updateRole', { id: crypto.randomUUID(), name: 'x' }, 431);
      const hidden = await admin.ok('updateRole', { id: BUILTIN_ROLES.ResourceAdmin.id, ispublic: false });
      assert.equal(hidden.role.ispublic, false);
      await admin.ok('updateRole', { id: BUILTIN_ROLES.ResourceAdmin.id, ispublic: true });
    });

    it('shows other admins only the public roles of their type or weaker, and keeps role management to root admins', async () => {
      const dadmin = await createTenant(admin, { username: 'dadmin', accounttype: 2 });
      const seen = await roles(dadmin.client);
      assert.deepEqual([...new Set(seen.map((r) => r.type))].sort(), ['DomainAdmin', 'User']);
      assert.ok(!seen.some((r) => r.name === 'Hidden'));
      assert.deepEqual(await roles(dadmin.client, { id: BUILTIN_ROLES.Admin.id }), []);
      await expectError(dadmin.client, 'createRole', { name: 'Mine', type: 'User' }, 432);
      await expectError(dadmin.client, 'createRolePermission', { roleid: custom.id as string, rule: 'listAccounts', permission: 'deny' }, 432);
      await expectError(dadmin.client, 'listRolePermissions', { roleid: custom.id as string }, 432);
    });

    it('deletes a role no account has; never a default role or one in use', async () => {
      await expectError(admin, 'deleteRole', { id: custom.id as string }, 536, /in use/);
      await expectError(admin, 'deleteRole', { id: BUILTIN_ROLES.User.id }, 531, /default role/);
      const spare = (await admin.ok('createRole', { name: 'Spare', type: 'User' })).role as Body;
      await addRule(spare.id as string, 'listUsers', 'deny');
      assert.equal((await admin.ok('deleteRole', { id: spare.id as string })).success, true);
      assert.deepEqual(await roles(admin, { id: spare.id as string }), []);
      assert.equal((await admin.ok('listRolePermissions', {})).rolepermission, undefined);
      await expectError(admin, 'deleteRole', { id: spare.id as string }, 431);
    });
  });
}
