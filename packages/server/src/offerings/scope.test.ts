import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../kernel/errors.ts';
import { parseServices } from './network-offering.ts';
import { ancestorPaths, scopeList } from './scope.ts';

describe('ancestorPaths', () => {
  it('gives the domain and every domain above it, ROOT first', () => {
    assert.deepEqual(ancestorPaths('/'), ['/']);
    assert.deepEqual(ancestorPaths('/a/b/'), ['/', '/a/', '/a/b/']);
  });
});

describe('scopeList', () => {
  it('reads comma-separated ids, and the word that lifts the limit as none', () => {
    assert.equal(scopeList(undefined, 'public'), undefined);
    assert.deepEqual(scopeList('PUBLIC', 'public'), []);
    assert.deepEqual(scopeList(' x, y ,', 'all'), ['x', 'y']);
  });
});

describe('parseServices', () => {
  it('gives each service its default provider unless one is named, in CloudStack\'s spelling', () => {
    assert.deepEqual(parseServices(['dhcp', 'SecurityGroup'], undefined), { Dhcp: ['VirtualRouter'], SecurityGroup: ['SecurityGroupProvider'] });
    assert.deepEqual(parseServices(['Dns'], [{ service: 'dns', provider: 'configdrive' }]), { Dns: ['ConfigDrive'] });
  });

  it('refuses unknown services and providers, and providers of services not offered', () => {
    assert.throws(() => parseServices(['Teleport'], undefined), ApiError);
    assert.throws(() => parseServices(['Dhcp'], [{ service: 'Dhcp', provider: 'Nobody' }]), ApiError);
    assert.throws(() => parseServices(['Dhcp'], [{ service: 'Dns', provider: 'VirtualRouter' }]), ApiError);
    assert.throws(() => parseServices(['Dhcp'], [{ service: 'Dhcp' }]), ApiError);
  });
});
