import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_DOMAIN_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const events = (body: Body): Body[] => (body.event ?? []) as Body[];
const ids = (body: Body): string[] => events(body).map((e) => e.id as string);
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

for (const dialect of testDialects()) {
  describe(`events [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let ops: Body;
    let user: TenantAccount;
    let domainAdmin: TenantAccount;
    before(async () => {
      // deleteAccount jobs pause at their progress step, so that one can be seen while it is still pending.
      server = await startTestServer({ dialect, env: { NIMBUS_FAULTS: 'delay:deleteAccount=1500' } });
      admin = await adminClient(server.url, server.adminPassword);
      ops = (await admin.ok('createDomain', { name: 'Ops' })).domain;
      user = await createTenant(admin, { username: 'ursula', domainid: ops.id });
      domainAdmin = await createTenant(admin, { username: 'dora', accounttype: 2, domainid: ops.id });
    });
    after(() => server?.stop());

    it('records a Completed event for a sync command, with CloudStack\'s fields', async () => {
      const domain = (await admin.ok('createDomain', { name: 'Evt' })).domain;
      const body = await admin.ok('listEvents', { type: 'DOMAIN.CREATE', resourceid: domain.id });
      assertListResponse('listEvents', body);
      assert.equal(body.count, 1);
      const e = body.event[0];
      assert.equal(e.type, 'DOMAIN.CREATE');
      assert.equal(e.level, 'INFO');
      assert.equal(e.state, 'Completed');
      assert.equal(e.username, 'admin');
      assert.equal(e.account, 'admin');
      assert.equal(e.domainid, ROOT_DOMAIN_ID);
      assert.equal(e.domain, 'ROOT');
      assert.equal(e.domainpath, 'ROOT');
      assert.equal(e.resourcetype, 'Domain');
      assert.equal(e.archived, false);
      assert.equal(e.parentid, undefined);
      assert.match(e.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
      assert.deepEqual(ids(await admin.ok('listEvents', { id: e.id })), [e.id]);
      assert.deepEqual(ids(await admin.ok('listEvents', { resourcetype: 'domain', resourceid: domain.id })), [e.id], 'resource types match in any case');
    });

    it('records Started and Completed events for an async command, the second naming the first as parentid', async () => {
      const domain = (await admin.ok('createDomain', { name: 'Gone' })).domain;
      await admin.job('deleteDomain', { id: domain.id });
      const both = events(await admin.ok('listEvents', { type: 'domain.delete' }));
      const started = both.find((e) => e.state === 'Started');
      const completed = both.find((e) => e.state === 'Completed');
      assert.ok(started && completed, JSON.stringify(both));
      assert.equal(completed.parentid, started.id);
      assert.equal(completed.resourceid, domain.id);
      assert.deepEqual(ids(await admin.ok('listEvents', { startid: started.id })), [completed.id]);
      assert.deepEqual(ids(await admin.ok('listEvents', { type: 'DOMAIN.DELETE', state: 'started' })), [started.id]);
    });

    it('records a failed command as an ERROR event', async () => {
      const r = await admin.call('createDomain', { name: 'Evt' });
      assert.notEqual(r.status, 200, 'a second domain of the same name is refused');
      const failed = events(await admin.ok('listEvents', { type: 'DOMAIN.CREATE', level: 'error' }));
      assert.equal(failed.length, 1);
      assert.match(failed[0].description, /Error/);
    });

    it('lists pending events with duration and entrytime: Started with no Completed yet', async () => {
      const temp = (await admin.ok('createAccount', { username: 'temp', password: 'Secret-1', email: 't@example.org', firstname: 'T', lastname: 'T', accounttype: 0 })).account;
      const { jobid } = await admin.ok('deleteAccount', { id: temp.id });
      const pending = events(await admin.ok('listEvents', { duration: 0, entrytime: 600 }));
      assert.deepEqual(pending.map((e) => `${e.type} ${e.state}`), ['ACCOUNT.DELETE Started']);
      assert.equal((await admin.waitForJob(jobid)).jobstatus, 1);
      assert.deepEqual(await admin.ok('listEvents', { duration: 0, entrytime: 600 }), {});
      assert.equal((await admin.call('listEvents', { duration: 10 })).status, 431);
      assert.equal((await admin.call('listEvents', { duration: 60, entrytime: 60 })).status, 431);
    });

    it('shows a user its own account\'s events only, and an admin its own unless listall', async () => {
      const mine = events(await user.client.ok('listEvents', { listall: true }));
      assert.ok(mine.some((e) => e.type === 'USER.LOGIN'));
      assert.ok(mine.every((e) => e.account === 'ursula'), JSON.stringify(mine.map((e) => e.account)));
      const adminOwn = events(await admin.ok('listEvents'));
      assert.ok(adminOwn.every((e) => e.account === 'admin'));
      const adminAll = events(await admin.ok('listEvents', { listall: true, pagesize: 500 }));
      assert.ok(adminAll.some((e) => e.account === 'ursula') && adminAll.some((e) => e.account === 'admin'));
      const subtree = events(await domainAdmin.client.ok('listEvents', { listall: true }));
      assert.ok(subtree.some((e) => e.account === 'ursula') && subtree.some((e) => e.account === 'dora'));
      assert.ok(subtree.every((e) => e.domainid === ops.id && e.domainpath === 'ROOT/Ops'));
      assert.deepEqual(ids(await admin.ok('listEvents', { account: 'ursula', domainid: ops.id })).sort(), mine.map((e) => e.id).sort());
      assert.equal((await domainAdmin.client.call('listEvents', { domainid: ROOT_DOMAIN_ID })).status, 531);
      assert.equal((await user.client.call('listEvents', { account: 'dora', domainid: ops.id })).status, 531);
    });

    it('filters by keyword and by creation dates, a bare end day including the whole day', async () => {
      const hits = events(await admin.ok('listEvents', { keyword: 'domain.CREATE' }));
      assert.ok(hits.length >= 2 && hits.every((e) => e.type === 'DOMAIN.CREATE'));
      const all = await admin.ok('listEvents');
      assert.equal((await admin.ok('listEvents', { startdate: day(-1), enddate: day(0) })).count, all.count);
      assert.equal((await admin.ok('listEvents', { startdate: day(-1), enddate: `${day(1)} 00:00:00` })).count, all.count);
      assert.deepEqual(await admin.ok('listEvents', { enddate: day(-1) }), {});
      assert.deepEqual(await admin.ok('listEvents', { startdate: day(1) }), {});
      const bad = await admin.call('listEvents', { enddate: 'tomorrow' });
      assert.equal(bad.status, 431);
      assert.match(bad.body.errortext, /enddate/);
      assert.equal((await admin.call('listEvents', { startdate: day(1), enddate: day(0) })).status, 431);
    });

    it('archives events: they leave the listing and show with archived=true; nothing outside the caller\'s reach', async () => {
      assert.equal((await admin.call('archiveEvents')).status, 431, 'ids, type or enddate is required');
      assert.equal((await admin.call('archiveEvents', { startdate: day(0) })).status, 431, 'startdate needs enddate');

      const adminEvent = events(await admin.ok('listEvents', { type: 'USER.LOGIN' }))[0];
      const userEvent = events(await user.client.ok('listEvents', { type: 'USER.LOGIN' }))[0];
      const refused = await user.client.call('archiveEvents', { ids: adminEvent.id });
      assert.equal(refused.status, 431);
      const mixed = await user.client.call('archiveEvents', { ids: `${userEvent.id},${adminEvent.id}` });
      assert.equal(mixed.status, 431);
      assert.deepEqual(mixed.body.uuidList, [{ uuid: adminEvent.id }]);
      assert.equal((await user.client.ok('listEvents', { id: userEvent.id })).count, 1, 'nothing archived when one id fails');
      assert.equal((await domainAdmin.client.call('archiveEvents', { ids: adminEvent.id })).status, 431);

      assert.equal((await domainAdmin.client.ok('archiveEvents', { ids: userEvent.id })).success, true, 'a domain admin reaches its subtree');
      assert.deepEqual(await user.client.ok('listEvents', { id: userEvent.id }), {});
      const archived = events(await user.client.ok('listEvents', { id: userEvent.id, archived: true }));
      assert.equal(archived[0].archived, true);

      const before = (await admin.ok('listEvents', { type: 'USER.LOGIN' })).count;
      assert.equal((await user.client.ok('archiveEvents', { type: 'USER.LOGIN', startdate: day(-1), enddate: day(0) })).success, true);
      assert.equal((await admin.ok('listEvents', { type: 'USER.LOGIN' })).count, before, 'a user\'s archive by type touches only its own events');
      assert.deepEqual(await user.client.ok('listEvents', { type: 'USER.LOGIN' }), {});
    });

    it('deletes events, archived or not, within the caller\'s reach', async () => {
      const mine = events(await user.client.ok('listEvents'));
      assert.ok(mine.length > 0);
      assert.equal((await user.client.ok('deleteEvents', { ids: mine[0].id })).success, true);
      assert.deepEqual(await user.client.ok('listEvents', { id: mine[0].id }), {});
      assert.deepEqual(await admin.ok('listEvents', { id: mine[0].id, listall: true, archived: true }), {});

      const adminCount = (await admin.ok('listEvents')).count;
      assert.equal((await user.client.ok('deleteEvents', { enddate: day(0) })).success, true);
      assert.deepEqual(await user.client.ok('listEvents'), {});
      assert.deepEqual(await user.client.ok('listEvents', { archived: true }), {}, 'archived ones too');
      assert.equal((await admin.ok('listEvents')).count, adminCount, 'nobody else\'s events were deleted');
    });

    it('lists every event type the commands record, with login and logout', async () => {
      const body = await user.client.ok('listEventTypes');
      assertListResponse('listEventTypes', body);
      const names = (body.eventtype as Body[]).map((t) => t.name as string);
      assert.equal(body.count, names.length);
      assert.deepEqual(names, [...new Set(names)].sort());
      for (const n of ['DOMAIN.CREATE', 'DOMAIN.DELETE', 'ACCOUNT.CREATE', 'USER.DISABLE', 'CONFIGURATION.VALUE.EDIT', 'USER.LOGIN', 'USER.LOGOUT']) {
        assert.ok(names.includes(n), n);
      }
    });
  });
}
