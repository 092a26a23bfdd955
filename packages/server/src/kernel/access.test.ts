import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidRule, mayCall, ruleMatches } from './access.ts';
import { defineCommand, success, type Caller } from './command.ts';
import type { Directory } from './directory.ts';
import { access, type RoleType } from './roles.ts';

describe('ruleMatches', () => {
  it('matches a rule exactly, or with * standing for any run of word characters', () => {
    assert.ok(ruleMatches('listVirtualMachines', 'listVirtualMachines'));
    assert.ok(!ruleMatches('listVirtualMachines', 'listVirtualMachinesMetrics'));
    assert.ok(ruleMatches('list*', 'listZones'));
    assert.ok(ruleMatches('list*', 'list'));
    assert.ok(!ruleMatches('list*', 'deleteZone'));
    assert.ok(ruleMatches('*Vpn*', 'createVpnGateway'));
    assert.ok(ruleMatches('*', 'anything'));
    assert.ok(!ruleMatches('*Vpn', 'createVpnGateway'));
  });

  it('is case-sensitive, as CloudStack\'s rules are', () => {
    assert.ok(!ruleMatches('listzones', 'listZones'));
  });
});

describe('isValidRule', () => {
  it('allows letters, digits and *; nothing a regular expression could read', () => {
    for (const r of ['listZones', 'list*', '*', '*Vpn*', 'a1']) assert.ok(isValidRule(r), r);
    for (const r of ['', 'list.*', 'list Zones', '^list', 'list?', 'a|b']) assert.ok(!isValidRule(r), r);
  });
});

describe('mayCall', () => {
  const decl = (name: string, roles: readonly RoleType[]) =>
    defineCommand({ name, description: name, access: roles, params: {}, response: { type: 'success' }, handler: async () => success() });
  const caller = (roleType: RoleType, isRootAdminRole = false): Caller => ({
    userId: 'u',
    username: 'u',
    accountId: 'a',
    accountName: 'a',
    accountType: 0,
    domainId: 'd',
    domainPath: '/',
    roleId: 'role',
    roleType,
    isRootAdminRole,
  });
  const directory = (rules: Array<{ rule: string; permission: 'allow' | 'deny' }>): Directory => ({
    byApiKey: async () => undefined,
    byUserId: async () => undefined,
    systemCaller: async () => caller('Admin', true),
    rolePermissions: async () => rules,
  });

  it('lets the built-in root admin role call anything, whatever rules say', async () => {
    assert.ok(await mayCall(directory([{ rule: '*', permission: 'deny' }]), caller('Admin', true), decl('createRole', access.rootAdmin)));
  });

  it('falls back to the declared role types when no rule matches', async () => {
    const none = directory([]);
    assert.ok(await mayCall(none, caller('User'), decl('listZones', access.all)));
    assert.ok(!(await mayCall(none, caller('User'), decl('createDomain', access.domainAdmins))));
    assert.ok(await mayCall(none, caller('DomainAdmin'), decl('createDomain', access.domainAdmins)));
    assert.ok(!(await mayCall(none, caller('Admin'), decl('createRole', access.domainAdmins.filter((r) => r !== 'Admin')))));
  });

  it('lets the first matching rule decide, in order', async () => {
    const rules = directory([
      { rule: 'listEvents', permission: 'deny' },
      { rule: 'list*', permission: 'allow' },
      { rule: 'listConfigurations', permission: 'deny' },
    ]);
    const user = caller('User');
    assert.ok(!(await mayCall(rules, user, decl('listEvents', access.all))));
    assert.ok(await mayCall(rules, user, decl('listConfigurations', access.rootAdmin)), 'the earlier allow wins over a later deny');
    assert.ok(!(await mayCall(rules, user, decl('createDomain', access.domainAdmins))), 'no match: the declaration decides');
  });
});
