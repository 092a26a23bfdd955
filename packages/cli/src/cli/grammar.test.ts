import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiInfo } from './apis-cache.ts';
import { buildGrammar, checkParams, parseArgs, resolveCommand, splitName, suggest } from './grammar.ts';

const api = (name: string, params: Array<[string, boolean]> = [], isasync = false): ApiInfo => ({ name, isasync, description: '', params: params.map(([n, required]) => ({ name: n, required, type: 'string', description: '' })) });
const apis = [api('listVirtualMachines', [['zoneid', false], ['tags', false]]), api('deployVirtualMachine', [['zoneid', true], ['serviceofferingid', true], ['name', false]], true), api('listZones'), api('login'), api('queryAsyncJobResult')];

test('a command name splits at its first capital, nouns lower-cased', () => {
  assert.deepEqual(splitName('listVirtualMachines'), { verb: 'list', noun: 'virtualmachines' });
  assert.deepEqual(splitName('deployVirtualMachine'), { verb: 'deploy', noun: 'virtualmachine' });
  assert.equal(splitName('login'), undefined);
});

test('verb and noun find the command, nouns case-insensitively', () => {
  const g = buildGrammar(apis);
  assert.equal(resolveCommand(g, 'list', 'VirtualMachines').name, 'listVirtualMachines');
  assert.equal(resolveCommand(g, 'deploy', 'virtualmachine').name, 'deployVirtualMachine');
  assert.equal(resolveCommand(g, 'query', 'asyncjobresult').name, 'queryAsyncJobResult');
});

test('an unknown verb or noun lists what exists, with a did-you-mean', () => {
  const g = buildGrammar(apis);
  assert.throws(() => resolveCommand(g, 'lst', 'zones'), /unknown verb 'lst'; did you mean 'list'\? \(verbs: deploy, list, query\)/);
  assert.throws(() => resolveCommand(g, 'list', 'zonez'), /unknown list noun 'zonez'; did you mean 'zones'\? \(list nouns: virtualmachines, zones\)/);
  assert.throws(() => resolveCommand(g, 'list', undefined), /list: which one\? \(nouns: virtualmachines, zones\)/);
  assert.deepEqual(suggest('virtual', ['virtualmachines', 'zones']), ['virtualmachines']);
  assert.deepEqual(suggest('xyz', ['virtualmachines', 'zones']), []);
});

test('key=value words: values keep spaces and =, map parameters pass as given, filter is not sent', () => {
  const a = parseArgs(['name=my vm', 'userdata=a=b', 'tags[0].key=k', 'tags[0].value=v', 'filter=id, name']);
  assert.deepEqual(a.params, { name: 'my vm', userdata: 'a=b', 'tags[0].key': 'k', 'tags[0].value': 'v' });
  assert.deepEqual(a.filter, ['id', 'name']);
  assert.throws(() => parseArgs(['zones']), /'zones' is not key=value/);
  assert.throws(() => parseArgs(['=x']), /not key=value/);
});

test('parameters are checked against listApis: unknown names and missing required ones', () => {
  checkParams(apis[0], { ZoneId: 'z', 'tags[0].key': 'k' });
  assert.throws(() => checkParams(apis[0], { zoneidd: 'z' }), /^Error: listVirtualMachines: unknown parameter 'zoneidd'; did you mean 'zoneid'\?$/);
  assert.throws(() => checkParams(apis[1], { zoneid: 'z' }), /deployVirtualMachine: missing required parameter serviceofferingid=$/);
});
