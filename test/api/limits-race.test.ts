import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../packages/server/src/db/connect.ts';
import { releaseResources, reserveResources } from '../../packages/server/src/identity/limits/index.ts';
import { ApiError } from '../../packages/server/src/kernel/errors.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertResponseFields } from '../support/fidelity.ts';
import { createTenant } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

/**
 * Reservations race on the server's own database: 50 transactions at once (a pool of 10 connections on
 * PostgreSQL, one serialised connection on SQLite), the way 50 concurrent deploys reserve their counts.
 */
for (const dialect of testDialects()) {
  describe(`resource reservations under concurrency [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let handle: DatabaseHandle;
    let dept: Body;
    let ana: string;
    let bob: string;
    const count = async (ownerId: string, type: number): Promise<number> => {
      const row = await handle.db.selectFrom('resource_count').select('count').where('owner_id', '=', ownerId).where('resource_type', '=', type).executeTakeFirst();
      return Number(row?.count ?? 0);
    };
    /** 50 reservations at once, each in its own transaction; returns how many succeeded, after checking the refusals. */
    const race = async (accounts: string[], counts: Parameters<typeof reserveResources>[2]): Promise<number> => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => handle.db.transaction().execute((trx) => reserveResources(trx, accounts[i % accounts.length], counts))),
      );
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
      for (const e of refused) {
        assert.ok(e instanceof ApiError, String(e));
        assert.equal(e.errorcode, 532);
      }
      return results.length - refused.length;
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      dept = (await admin.ok('createDomain', { name: 'Dept' })).domain;
      ana = (await createTenant(admin, { username: 'ana', domainid: dept.id })).account.id;
      bob = (await createTenant(admin, { username: 'bob', domainid: dept.id })).account.id;
      handle = openDatabase(server.db);
    });
    after(async () => {
      await handle?.close();
      await server?.stop();
    });

    it('50 concurrent reservations against an account limit of 10 give exactly 10', async () => {
      await admin.ok('updateResourceLimit', { resourcetype: 0, max: 10, account: 'ana', domainid: dept.id });
      assert.equal(await race([ana], { user_vm: 1, cpu: 1, memory: 512 }), 10);
      assert.equal(await count(ana, 0), 10);
      assert.equal(await count(ana, 8), 10, 'a refused reservation rolls back the types it had already counted');
      assert.equal(await count(ana, 9), 5120);
      assert.equal(await count(dept.id, 0), 10, 'the domain counts its accounts');
      const account = (await admin.ok('listAccounts', { name: 'ana', domainid: dept.id })).account[0];
      assert.deepEqual([account.vmlimit, account.vmtotal, account.vmavailable, account.memorytotal], ['10', 10, '0', 5120]);
      assert.equal((await admin.ok('listDomains', { id: dept.id })).domain[0].vmtotal, 10);
    });

    it('names the resource and the owner whose limit is reached', async () => {
      await assert.rejects(
        handle.db.transaction().execute((trx) => reserveResources(trx, ana, { user_vm: 1 })),
        (e: ApiError) => e.errorcode === 532 && /type 'user_vm' for account ana in domain ROOT\/Dept has been exceeded: limit 10, in use 10, requested 1/.test(e.message),
      );
    });

    it('a domain limit bounds the sum of its accounts under the same race', async () => {
      await handle.db.transaction().execute((trx) => releaseResources(trx, ana, { user_vm: 10, cpu: 10, memory: 5120 }));
      assert.equal(await count(ana, 0), 0);
      assert.equal(await count(dept.id, 0), 0);
      await admin.ok('updateResourceLimit', { resourcetype: 0, max: 100, account: 'ana', domainid: dept.id });
      await admin.ok('updateResourceLimit', { resourcetype: 0, max: 10, domainid: dept.id });
      assert.equal(await race([ana, bob], { user_vm: 1 }), 10);
      assert.equal((await count(ana, 0)) + (await count(bob, 0)), 10);
      assert.equal(await count(dept.id, 0), 10);
      await assert.rejects(
        handle.db.transaction().execute((trx) => reserveResources(trx, bob, { user_vm: 1 })),
        (e: ApiError) => e.errorcode === 532 && /for domain ROOT\/Dept has been exceeded/.test(e.message),
      );
    });

    it('storage limits are GiB against byte counts', async () => {
      await admin.ok('updateResourceLimit', { resourcetype: 10, max: 1, account: 'bob', domainid: dept.id });
      const gib = 1024 ** 3;
      await handle.db.transaction().execute((trx) => reserveResources(trx, bob, { primary_storage: gib - 1 }));
      await assert.rejects(handle.db.transaction().execute((trx) => reserveResources(trx, bob, { primary_storage: 2 })), /primary_storage/);
      await handle.db.transaction().execute((trx) => reserveResources(trx, bob, { primary_storage: 1 }));
      assert.equal(await count(bob, 10), gib);
      const account = (await admin.ok('listAccounts', { name: 'bob', domainid: dept.id })).account[0];
      assert.deepEqual([account.primarystoragelimit, account.primarystoragetotal, account.primarystorageavailable], ['1', 1, '0']);
    });

    it('updateResourceCount sets each domain back to the sum of its accounts', async () => {
      await handle.db.transaction().execute((trx) => reserveResources(trx, ana, { vpc: 2 }));
      await handle.db.transaction().execute((trx) => reserveResources(trx, bob, { vpc: 3 }));
      await handle.db.updateTable('resource_count').set({ count: 99 }).where('owner_id', '=', dept.id).where('resource_type', '=', 7).execute();
      const r = await admin.ok('updateResourceCount', { domainid: dept.id, resourcetype: 7 });
      assert.equal(r.count, 1);
      assertResponseFields('updateResourceCount', r.resourcecount[0]);
      assert.deepEqual(r.resourcecount[0], { domainid: dept.id, domain: 'Dept', domainpath: 'ROOT/Dept', resourcetype: '7', resourcetypename: 'vpc', resourcecount: 5 });
      const all = await admin.ok('updateResourceCount', { domainid: dept.id, account: 'bob' });
      assert.equal(all.count, 12);
      assert.deepEqual(all.resourcecount.find((c: Body) => c.resourcetypename === 'vpc'), { account: 'bob', domainid: dept.id, domain: 'Dept', domainpath: 'ROOT/Dept', resourcetype: '7', resourcetypename: 'vpc', resourcecount: 3 });
      assert.equal((await admin.call('updateResourceCount', { domainid: dept.id, resourcetype: 99 })).status, 431);
      assert.equal((await admin.call('updateResourceCount', { resourcetype: 7 })).status, 431);
    });
  });
}
