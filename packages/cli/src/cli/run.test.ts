import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from './apis-cache.ts';
import { UsageError } from './errors.ts';
import { parseOptions } from './run.ts';

test('global options stand anywhere; key=value words stay words', () => {
  const o = parseOptions(['list', '-p', 'lab', 'zones', 'name=-x', '--output=csv', '-a', 'filter=id']);
  assert.deepEqual(o, { profile: 'lab', output: 'csv', async: true, help: false, words: ['list', 'zones', 'name=-x', 'filter=id'] });
  assert.equal(parseOptions(['list', 'zones', '--help']).help, true);
  assert.throws(() => parseOptions(['list', '-x']), UsageError);
  assert.throws(() => parseOptions(['list', '-p']), /-p needs a value/);
  assert.throws(() => parseOptions(['-o', 'yaml']), /unknown output format 'yaml'/);
});

test('the value of set is data, even when it starts with a dash (a generated secret key may)', () => {
  assert.deepEqual(parseOptions(['-p', 'lab', 'set', 'secretkey', '-0HQoj_x']).words, ['set', 'secretkey', '-0HQoj_x']);
});

test('-h describes a command, required parameters first', () => {
  const text = describeApi({ name: 'disableAccount', isasync: true, description: 'Disables an account', params: [{ name: 'id', required: false, type: 'uuid', description: 'the account' }, { name: 'lock', required: true, type: 'boolean', description: 'lock it' }] });
  assert.equal(text, 'disableAccount (async): Disables an account\n  lock=  (required) lock it\n  id=    the account');
});
