import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from './output.ts';

const zones = { count: 2, zone: [{ id: 'z1', name: 'Zone, "one"', networktype: 'Advanced', tags: [] }, { id: 'z2', name: 'two\nlines', networktype: 'Basic', capacity: [{ type: 0 }, { type: 1 }] }] };

test('json keeps the answer as CloudStack sends it; filter keeps fields and count', () => {
  assert.equal(render(zones, 'json'), `${JSON.stringify(zones, null, 2)}\n`);
  assert.deepEqual(JSON.parse(render(zones, 'json', ['id', 'NAME'])), { count: 2, zone: [{ id: 'z1', name: 'Zone, "one"' }, { id: 'z2', name: 'two\nlines' }] });
  assert.deepEqual(JSON.parse(render({ account: { id: 'a', name: 'n', state: 'enabled' } }, 'json', ['state'])), { account: { state: 'enabled' } });
  assert.equal(render({}, 'json', ['id']), '{}\n');
});

test('csv: a header, then one row per item, quoted as RFC 4180 says', () => {
  assert.equal(render(zones, 'csv', ['id', 'name']), 'id,name\nz1,"Zone, ""one"""\nz2,"two\nlines"\n');
  const all = render(zones, 'csv').split('\n');
  assert.equal(all[0], 'id,name,networktype,tags,capacity');
  assert.equal(all[1], 'z1,"Zone, ""one""",Advanced,[],');
  assert.equal(render({}, 'csv'), '');
  assert.equal(render({}, 'csv', ['id']), 'id\n');
});

test('table: aligned columns, nested values shortened', () => {
  const lines = render(zones, 'table', ['id', 'networktype', 'capacity']).split('\n');
  assert.deepEqual(lines, ['id  networktype  capacity', '--  -----------  ---------', 'z1  Advanced', 'z2  Basic        [2 items]', '']);
  const long = render({ count: 1, x: [{ d: 'a'.repeat(60) }] }, 'table').split('\n')[2];
  assert.equal(long.length, 40);
  assert.ok(long.endsWith('…'));
});

test('text: key = value lines, nested ones flattened, items separated by a line', () => {
  const text = render(zones, 'text', ['id', 'capacity']);
  assert.equal(text, `id = z1\n${'='.repeat(40)}\nid = z2\ncapacity[0].type = 0\ncapacity[1].type = 1\n`);
  assert.equal(render({ success: true }, 'text'), 'success = true\n');
  assert.equal(render({ jobid: 'j' }, 'table'), 'jobid\n-----\nj\n');
});
