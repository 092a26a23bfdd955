import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allCommands } from '../../packages/server/src/commands.ts';
import { ROOT_DOMAIN_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const names = (body: Body, key: string): string[] => ((body[key] ?? []) as Body[]).map((x) => x.name as string);

for (const dialect of testDialects()) {
  describe(`operations: listApis, listCapabilities, listAsyncJobs [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let ops: Body;
    let user: TenantAccount;
    let domainAdmin: TenantAccount;
    let victim: Body;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      ops = (await admin.ok('createDomain', { name: 'Ops' })).domain;
      user = await createTenant(admin, { username: 'ursula', domainid: ops.id });
      domainAdmin = await createTenant(admin, { username: 'dora', accounttype: 2, domainid: ops.id });
      victim = (await admin.ok('createAccount', { username: 'victor', password: 'Secret-1', email: 'v@example.org', firstname: 'V', lastname: 'V', accounttype: 0, domainid: ops.id })).account;
    });
    after(() => server?.stop());

    it('listApis lists every command for the root admin, with CloudStack\'s fields', async () => {
      const body = await admin.ok('listApis');
      assertListResponse('listApis', body);
      assert.equal(body.count, allCommands.length);
      assert.deepEqual(names(body, 'api').sort(), allCommands.map((d) => d.name).sort());
      const byName = new Map((body.api as Body[]).map((a) => [a.name, a]));
      for (const api of body.api as Body[]) {
        assert.equal(typeof api.isasync, 'boolean', api.name);
        assert.ok(Array.isArray(api.params) && Array.isArray(api.response), api.name);
      }
      assert.equal(byName.get('deleteDomain')?.isasync, true);
      assert.equal(byName.get('disableUser')?.isasync, true);
      assert.equal(byName.get('listAccounts')?.isasync, false);
      const create = byName.get('createAccount') as Body;
      const username = (create.params as Body[]).find((p) => p.name === 'username');
      assert.deepEqual({ ...username, description: undefined }, { name: 'username', type: 'string', length: 255, required: true, description: undefined });
      const domainid = (create.params as Body[]).find((p) => p.name === 'domainid');
      assert.equal(domainid?.type, 'uuid');
      assert.equal(domainid?.required, false);
      assert.ok(String(byName.get('listAccounts')?.related).split(',').includes('createAccount'));
    });

    it('listApis shows a user only what its role may call', async () => {
      const body = await user.client.ok('listApis');
      const list = names(body, 'api');
      assert.equal(body.count, list.length);
      for (const n of ['listApis', 'listCapabilities', 'listEvents', 'listEventTypes', 'listAsyncJobs', 'queryAsyncJobResult', 'listAccounts', 'archiveEvents']) {
        assert.ok(list.includes(n), `a user may call ${n}`);
      }
      for (const n of ['listConfigurations', 'updateConfiguration', 'createAccount', 'createDomain', 'createRole', 'deleteDomain', 'disableUser']) {
        assert.ok(!list.includes(n), `a user may not call ${n}`);
      }
      const da = names(await domainAdmin.client.ok('listApis'), 'api');
      assert.ok(da.includes('createAccount') && da.includes('listConfigurations'));
      assert.ok(!da.includes('createRole'), 'creating roles is for the root admin');
    });

    it('listApis name= answers one command, and 431 for one the caller may not call or that does not exist', async () => {
      const one = await user.client.ok('listApis', { name: 'listEvents' });
      assert.equal(one.count, 1);
      assert.equal(one.api[0].name, 'listEvents');
      assert.ok((one.api[0].params as Body[]).some((p) => p.name === 'archived' && p.type === 'boolean'));
      for (const name of ['listConfigurations', 'noSuchCommand']) {
        const r = await user.client.call('listApis', { name });
        assert.equal(r.status, 431, name);
        assert.equal(r.body.errorcode, 431);
      }
    });

    it('listApis follows a custom role\'s rules: the first matching rule decides', async () => {
      const role = (await admin.ok('createRole', { name: 'No events', type: 'User' })).role;
      await admin.ok('createRolePermission', { roleid: role.id, rule: 'listEvent*', permission: 'deny' });
      await admin.ok('createRolePermission', { roleid: role.id, rule: 'list*', permission: 'allow' });
      const limited = await createTenant(admin, { username: 'lena', roleid: role.id, domainid: ops.id });
      const list = names(await limited.client.ok('listApis'), 'api');
      assert.ok(!list.includes('listEvents') && !list.includes('listEventTypes'));
      assert.ok(list.includes('listConfigurations'), 'allowed by list*, though the User role type alone would not allow it');
      assert.ok(list.includes('archiveEvents'), 'no rule matches: the declaration decides');
      assert.equal((await limited.client.call('listEvents')).status, 432);
    });

    it('listCapabilities answers CloudStack\'s capability object, account flags for the caller', async () => {
      const cap = (await user.client.ok('listCapabilities')).capability;
      assert.equal(cap.cloudstackversion, '4.22.0.0');
      assert.equal(cap.securitygroupsenabled, false);
      assert.equal(cap.dynamicrolesenabled, true);
      assert.equal(cap.userpublictemplateenabled, true);
      assert.equal(cap.supportELB, 'false');
      assert.equal(cap.projectinviterequired, false);
      assert.equal(cap.allowusercreateprojects, true);
      assert.equal(cap.customdiskofferingminsize, 1);
      assert.equal(cap.customdiskofferingmaxsize, 1024);
      assert.equal(cap.kvmsnapshotenabled, true);
      assert.equal(cap.regionsecondaryenabled, false);
      assert.equal(cap.allowuserviewdestroyedvm, false);
      assert.equal(cap.allowuserexpungerecovervm, false);
      assert.equal(cap.defaultuipagesize, 20);

      await admin.ok('updateConfiguration', { name: 'allow.user.view.destroyed.vm', value: 'true', accountid: user.account.id });
      await admin.ok('updateConfiguration', { name: 'allow.user.expunge.recover.vm', value: 'true', domainid: ops.id });
      await admin.ok('updateConfiguration', { name: 'default.ui.page.size', value: '50' });
      const after = (await user.client.ok('listCapabilities')).capability;
      assert.equal(after.allowuserviewdestroyedvm, true);
      assert.equal(after.allowuserexpungerecovervm, true, 'inherited from the account\'s domain');
      assert.equal(after.defaultuipagesize, 50);
      const adminCap = (await admin.ok('listCapabilities')).capability;
      assert.equal(adminCap.allowuserviewdestroyedvm, false, 'another account keeps the global value');
      assert.equal(adminCap.allowuserexpungerecovervm, false);
      await admin.ok('resetConfiguration', { name: 'default.ui.page.size' });
      assert.equal((await user.client.ok('listCapabilities')).capability.defaultuipagesize, 20);
    });

    it('listAsyncJobs lists the caller\'s jobs, an admin\'s subtree with listall, and nothing of others', async () => {
      const scratch = (await admin.ok('createDomain', { name: 'Scratch' })).domain;
      const adminJob = await admin.job('deleteDomain', { id: scratch.id });
      assert.equal(adminJob.jobstatus, 1);
      const daJob = await domainAdmin.client.job('disableUser', { id: victim.user[0].id });
      assert.equal(daJob.jobstatus, 1, JSON.stringify(daJob));
      const jobids = (b: Body) => ((b.asyncjobs ?? []) as Body[]).map((j) => j.jobid as string);

      const own = await admin.ok('listAsyncJobs');
      assertListResponse('listAsyncJobs', own);
      assert.ok(jobids(own).includes(adminJob.jobid));
      assert.ok(!jobids(own).includes(daJob.jobid), 'without listall an admin sees its own jobs');
      const all = await admin.ok('listAsyncJobs', { listall: true });
      assert.ok(jobids(all).includes(adminJob.jobid) && jobids(all).includes(daJob.jobid));
      assert.equal(all.count, all.asyncjobs.length);

      const mine = await domainAdmin.client.ok('listAsyncJobs', { listall: true });
      assert.deepEqual(jobids(mine), [daJob.jobid]);
      const job = mine.asyncjobs[0];
      assert.equal(job.cmd, 'disableUser');
      assert.equal(job.jobstatus, 1);
      assert.equal(job.jobresultcode, 0);
      assert.equal(job.account, 'dora');
      assert.equal(job.domainid, ops.id);
      assert.equal(job.domainpath, 'ROOT/Ops');
      assert.equal(job.userid, domainAdmin.userId);
      assert.match(job.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
      assert.ok(job.jobresult.user, 'the job result is included');

      assert.deepEqual(await user.client.ok('listAsyncJobs', { listall: true }), {});
      assert.equal((await user.client.call('listAsyncJobs', { domainid: ROOT_DOMAIN_ID })).status, 531);
      assert.equal((await domainAdmin.client.call('listAsyncJobs', { domainid: ROOT_DOMAIN_ID })).status, 531);
      assert.equal((await domainAdmin.client.call('listAsyncJobs', { account: 'admin', domainid: ROOT_DOMAIN_ID })).status, 531);

      const inOps = await admin.ok('listAsyncJobs', { domainid: ops.id });
      assert.deepEqual(jobids(inOps), [daJob.jobid]);
      assert.deepEqual(jobids(await admin.ok('listAsyncJobs', { listall: true, keyword: 'DISABLE' })), [daJob.jobid]);
      assert.deepEqual(await admin.ok('listAsyncJobs', { listall: true, startdate: '2100-01-01' }), {});
      assert.ok(jobids(await admin.ok('listAsyncJobs', { listall: true, startdate: '2000-01-01 00:00:00' })).length >= 2);
      assert.deepEqual(jobids(await admin.ok('listAsyncJobs', { listall: true, resourcetype: 'Domain', resourceid: scratch.id })), [adminJob.jobid]);
      const page = await admin.ok('listAsyncJobs', { listall: true, page: 1, pagesize: 1 });
      assert.equal(page.asyncjobs.length, 1);
      assert.equal(page.count, all.count);
    });
  });
}
