import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiInfo } from './apis-cache.ts';
import { bashScript, completeWords } from './completion.ts';

const api = (name: string, params: string[]): ApiInfo => ({ name, isasync: false, description: '', params: params.map((n) => ({ name: n, required: false, type: 'string', description: '' })) });
const ctx = { apis: [api('listZones', ['id', 'name']), api('listVirtualMachines', ['zoneid']), api('deployVirtualMachine', ['zoneid', 'name'])], profiles: ['local', 'lab'] };

test('first word: subcommands and verbs from the cache', () => {
  assert.deepEqual(completeWords(['s'], ctx), ['server', 'sync', 'set']);
  assert.deepEqual(completeWords(['d'], ctx), ['deploy']);
  assert.ok(completeWords([''], ctx).includes('list'));
  assert.deepEqual(completeWords(['l'], { profiles: [] }), []);
});

test('nouns of a verb, then parameter names not given yet, with filter=', () => {
  assert.deepEqual(completeWords(['list', ''], ctx), ['zones', 'virtualmachines']);
  assert.deepEqual(completeWords(['list', 'Z'], ctx), ['zones']);
  assert.deepEqual(completeWords(['list', 'zones', 'id=1', ''], ctx), ['name=', 'filter=']);
  assert.deepEqual(completeWords(['-p', 'lab', 'deploy', 'virtualmachine', 'z'], ctx), ['zoneid=']);
  assert.deepEqual(completeWords(['list', 'zones', 'name=ab'], ctx), []);
  assert.deepEqual(completeWords(['api', 'listZ'], ctx), ['listZones']);
  assert.deepEqual(completeWords(['api', 'listZones', 'n'], ctx), ['name=']);
});

test('profiles, formats, settings and options', () => {
  assert.deepEqual(completeWords(['-p', ''], ctx), ['local', 'lab']);
  assert.deepEqual(completeWords(['list', 'zones', '-o', 'c'], ctx), ['csv']);
  assert.deepEqual(completeWords(['set', 'p'], ctx), ['profile', 'password']);
  assert.deepEqual(completeWords(['set', 'profile', 'l'], ctx), ['local', 'lab']);
  assert.deepEqual(completeWords(['set', 'output', 't'], ctx), ['table', 'text']);
  assert.deepEqual(completeWords(['completion', ''], ctx), ['bash']);
  assert.deepEqual(completeWords(['list', '--a'], ctx), ['--async']);
});

test('the bash script registers a function that calls back into nimbus __complete', () => {
  const script = bashScript();
  assert.match(script, /complete -F _nimbus nimbus/);
  assert.match(script, /__complete/);
});
