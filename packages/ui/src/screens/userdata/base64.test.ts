import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64 } from './base64.ts';

test('user data is base64 of its UTF-8 bytes', () => {
  assert.equal(base64('#cloud-config\n'), Buffer.from('#cloud-config\n').toString('base64'));
  assert.equal(base64('héllo ✓'), Buffer.from('héllo ✓', 'utf8').toString('base64'));
  assert.equal(base64(''), '');
});
