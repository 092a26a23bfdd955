import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertListResponse } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { oneTenant } from '../support/tenants.ts';

/** The commands' checks that need no taggable resource; tags-*.test.ts tag the resources of each domain. */
for (const dialect of testDialects()) {
  describe(`tags [${dialect}]`, () => {
    let server: TestServer;
    let user: TenantAccount;
    before(async () => {
      ({ server, user } = await oneTenant(dialect, 'tina'));
    });
    after(() => server?.stop());

    it('refuses an unknown resource type in the job, naming the types that are taggable', async () => {
      const job = await user.client.job('createTags', { resourcetype: 'Spaceship', resourceids: 'x', 'tags[0].key': 'k', 'tags[0].value': 'v' });
      assert.equal(job.jobstatus, 2);
      assert.equal(job.jobresult.errorcode, 431);
      assert.match(job.jobresult.errortext, /Invalid resource type Spaceship: taggable resource types are/);
      const del = await user.client.job('deleteTags', { resourcetype: 'Spaceship', resourceids: 'x' });
      assert.equal(del.jobresult.errorcode, 431);
    });

    it('needs resourceids, resourcetype and tags, and a key and value in every tag', async () => {
      assert.equal((await user.client.call('createTags', { resourcetype: 'UserVm', resourceids: 'x' })).status, 431);
      assert.equal((await user.client.call('createTags', { resourceids: 'x', 'tags[0].key': 'k', 'tags[0].value': 'v' })).status, 431);
      assert.equal((await user.client.call('deleteTags', { resourcetype: 'UserVm' })).status, 431);
      const noValue = await user.client.job('createTags', { resourcetype: 'UserVm', resourceids: 'x', 'tags[0].key': 'k' });
      assert.match(noValue.jobresult.errortext, /tag k has no value/);
      const twice = await user.client.job('createTags', { resourcetype: 'UserVm', resourceids: 'x', 'tags[0].key': 'k', 'tags[0].value': 'v', 'tags[1].key': 'k', 'tags[1].value': 'w' });
      assert.match(twice.jobresult.errortext, /key k is given twice/);
    });

    it('lists no tags as {} and takes the usual list parameters', async () => {
      const body = await user.client.ok('listTags', { resourcetype: 'UserVm', key: 'k', value: 'v', keyword: 'x' });
      assertListResponse('listTags', body);
      assert.deepEqual(body, {});
      assert.equal((await user.client.call('listTags', { listall: true, account: 'admin' })).status, 531);
    });
  });
}
