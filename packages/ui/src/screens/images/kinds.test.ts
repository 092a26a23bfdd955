import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadState, imageFilters, inProgress } from './kinds.ts';

test('a download\'s state is read from isready and CloudStack\'s status text', () => {
  assert.deepEqual(downloadState({ isready: true, status: 'Download Complete' }), { ready: true, failed: false, percent: 100 });
  assert.deepEqual(downloadState({ isready: false, status: '40% Downloaded' }), { ready: false, failed: false, percent: 40 });
  assert.deepEqual(downloadState({ isready: false, status: 'Download failed: host unreachable' }), { ready: false, failed: true, percent: undefined });
});

test('a browser upload reads the same way', () => {
  assert.deepEqual(downloadState({ isready: false, status: 'Waiting for the upload' }), { ready: false, failed: false, percent: 0 });
  assert.deepEqual(downloadState({ isready: false, status: '35% Uploaded' }), { ready: false, failed: false, percent: 35 });
  assert.deepEqual(downloadState({ isready: false, status: 'Upload failed: the file is empty' }), { ready: false, failed: true, percent: undefined });
  assert.deepEqual(downloadState({ isready: false, status: 'Upload abandoned: the file did not arrive' }), { ready: false, failed: true, percent: undefined });
});

test('only a download still running in a zone is followed', () => {
  const zoneid = 'z1';
  assert.equal(inProgress({ zoneid, isready: false, status: '0% Downloaded' }), true);
  assert.equal(inProgress({ zoneid, isready: true, status: 'Download Complete' }), false);
  assert.equal(inProgress({ zoneid, isready: false, status: 'Download failed: 404' }), false);
  assert.equal(inProgress({ isready: false, status: 'Not uploaded to any zone' }), false);
});

test('the All filter is offered to admins only', () => {
  assert.ok(!imageFilters(false).some((f) => f.value === 'all'));
  assert.ok(imageFilters(true).some((f) => f.value === 'all'));
});
