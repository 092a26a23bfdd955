import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortBy } from './sortBy.ts';

test('sorts text with the numbers in it as numbers, and missing values first', () => {
  const rows = [{ name: 'vm10' }, { name: 'vm2' }, {}, { name: 'vm1' }];
  assert.deepEqual([...rows].sort(sortBy((r) => r.name)).map((r) => r.name), [undefined, 'vm1', 'vm2', 'vm10']);
  const ips = ['10.1.1.10', '10.1.1.9', '10.1.2.1'].map((ipaddress) => ({ ipaddress }));
  assert.deepEqual([...ips].sort(sortBy((r) => r.ipaddress)).map((r) => r.ipaddress), ['10.1.1.9', '10.1.1.10', '10.1.2.1']);
});
