import assert from 'node:assert/strict';
import { test } from 'node:test';
import { navGroups, navItems } from './nav.ts';

const tenant = ['listVirtualMachines', 'listNetworks', 'listPublicIpAddresses', 'listTemplates', 'listZones', 'listAccounts', 'listDomains', 'listRoles'];
const admin = [...tenant, 'createZone', 'listPods', 'listClusters', 'listHosts', 'listStoragePools', 'listImageStores', 'listRouters'];

test("a tenant's menu has no admin sections, even though it may list its zones, account, domain and roles", () => {
  assert.deepEqual(
    navItems(new Set(tenant)).map((item) => item.label),
    ['Dashboard', 'Instances', 'Networks', 'Public IPs', 'Templates'],
  );
});

test("the root admin's menu has the infrastructure, Accounts, Domains and Roles", () => {
  assert.deepEqual(
    navItems(new Set(admin)).map((item) => item.label),
    ['Dashboard', 'Instances', 'Networks', 'Public IPs', 'Templates', 'Zones', 'Pods', 'Clusters', 'Hosts', 'Primary storage', 'Secondary storage', 'Virtual routers', 'Accounts', 'Domains', 'Roles'],
  );
});

test('a role without a list command has no menu item for it', () => {
  assert.deepEqual(
    navItems(new Set(['listTemplates'])).map((item) => item.path),
    ['/', '/templates'],
  );
});

test('every item sits in a group the menu draws, and only the Dashboard in none', () => {
  const everything = new Proxy(new Set<string>(), { get: (set, key) => (key === 'has' ? () => true : Reflect.get(set, key)) });
  for (const item of navItems(everything)) {
    if (item.path === '/') assert.equal(item.group, undefined);
    else assert.ok(item.group !== undefined && navGroups.includes(item.group), `${item.label} is in group ${item.group}`);
  }
});
