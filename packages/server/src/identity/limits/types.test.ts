import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ancestorPaths } from './owners.ts';
import { limitInCountUnits, limitSettings, resourceTypeById, resourceTypeByName, resourceTypes } from './types.ts';

describe('resource types and limits', () => {
  it('numbers and names the types as CloudStack does', () => {
    assert.deepEqual(resourceTypes.map((t) => `${t.id}:${t.name}`), [
      '0:user_vm', '1:public_ip', '2:volume', '3:snapshot', '4:template', '5:project', '6:network', '7:vpc', '8:cpu', '9:memory',
      '10:primary_storage', '11:secondary_storage',
    ]);
    assert.equal(resourceTypeByName('CPU')?.id, 8);
    assert.equal(resourceTypeById(12), undefined);
  });

  it('declares max.account.* and max.domain.* with CloudStack\'s defaults', () => {
    const byName = new Map(limitSettings.map((s) => [s.name, s.defaultValue]));
    assert.equal(byName.get('max.account.user.vms'), '20');
    assert.equal(byName.get('max.account.memory'), '40960');
    assert.equal(byName.get('max.domain.cpus'), '80');
    assert.equal(byName.get('max.domain.secondary.storage'), '800');
    assert.equal(limitSettings.length, 24);
  });

  it('compares storage limits in GiB with byte counts, and leaves unlimited alone', () => {
    assert.equal(limitInCountUnits(resourceTypes[10], 2), 2 * 1024 ** 3);
    assert.equal(limitInCountUnits(resourceTypes[10], -1), -1);
    assert.equal(limitInCountUnits(resourceTypes[9], 512), 512);
  });

  it('lists a domain path\'s ancestors from ROOT down', () => {
    assert.deepEqual(ancestorPaths('/'), ['/']);
    assert.deepEqual(ancestorPaths('/a/b/'), ['/', '/a/', '/a/b/']);
  });
});
