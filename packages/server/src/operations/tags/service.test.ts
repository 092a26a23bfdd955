import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { bootstrapIdentity, SYSTEM_ACCOUNT_ID } from '../../identity/bootstrap.ts';
import { ApiError } from '../../kernel/errors.ts';
import { canonicalType, registerTaggable, taggable } from './registry.ts';
import { deleteTagsOf, tagFilter, tagsOf } from './service.ts';

describe('tags service', () => {
  let dir: string;
  let h: DatabaseHandle;
  let ids: string[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nimbus-tags-'));
    h = openDatabase(join(dir, 'db.sqlite'));
    await migrate(h.db);
    await bootstrapIdentity(h.db, dir, 'pw');
    ids = (await h.db.selectFrom('account').select('id').orderBy('name').execute()).map((a) => a.id);
    const [admin, system] = ids;
    const tag = (resourceId: string, key: string, value: string, type = 'Thing') => ({
      id: crypto.randomUUID(), key, value, resource_type: type, resource_id: resourceId, account_id: SYSTEM_ACCOUNT_ID,
      domain_id: 'a1d7c7a5-0000-4000-8000-000000000001', customer: null, created: new Date().toISOString(),
    });
    await h.db.insertInto('resource_tag').values([
      tag(admin, 'env', 'prod'), tag(admin, 'team', 'blue'), tag(system, 'env', 'dev'), tag(system, 'env', 'prod', 'Other'),
    ]).execute();
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const filtered = async (tags: unknown): Promise<string[]> =>
    (await h.db.selectFrom('account').select('id').where(tagFilter('Thing', 'account.id', tags)).orderBy('name').execute()).map((a) => a.id);

  it('finds resource types ignoring case and refuses unknown ones with 431', () => {
    registerTaggable('Thing', async () => undefined);
    assert.equal(taggable('THING').type, 'Thing');
    assert.equal(canonicalType('thing'), 'Thing');
    assert.equal(canonicalType('Nope'), 'Nope');
    assert.throws(() => taggable('Nope'), (e: ApiError) => e.errorcode === 431 && /Invalid resource type Nope: taggable resource types are .*Thing/.test(e.message));
  });

  it('filters rows by every tag given; a key alone matches any value; no tags filter nothing', async () => {
    const [admin, system] = ids;
    assert.deepEqual(await filtered([{ key: 'env', value: 'prod' }]), [admin], 'another type\'s tags do not count');
    assert.deepEqual(await filtered([{ key: 'env' }]), [admin, system]);
    assert.deepEqual(await filtered([{ key: 'env', value: 'prod' }, { key: 'team', value: 'blue' }]), [admin]);
    assert.deepEqual(await filtered([{ key: 'env', value: 'dev' }, { key: 'team', value: 'blue' }]), []);
    assert.deepEqual(await filtered(undefined), [admin, system]);
  });

  it('answers the tags of resources by id, with their owner, and deletes them', async () => {
    const [admin, system] = ids;
    const tags = await tagsOf(h.db, 'Thing', [admin, system, 'none']);
    assert.deepEqual(tags.get(admin)?.map((t) => `${t.key}=${t.value}`), ['env=prod', 'team=blue']);
    assert.deepEqual(tags.get(system)?.[0], {
      key: 'env', value: 'dev', resourcetype: 'Thing', resourceid: system, account: 'system',
      domainid: 'a1d7c7a5-0000-4000-8000-000000000001', domain: 'ROOT', domainpath: 'ROOT', customer: undefined,
    });
    assert.equal(tags.has('none'), false);
    await deleteTagsOf(h.db, 'Thing', [admin]);
    assert.equal((await tagsOf(h.db, 'Thing', [admin])).size, 0);
    assert.equal((await tagsOf(h.db, 'Other', [system])).size, 1);
  });
});
