import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { ApiClient, type Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { createTenant } from '../support/identity.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { check, confirmOk, fillLogin, instanceRow, logIn, logOut, menuItems, selectOption } from './support/ui.ts';

// Both renamed through their Edit forms on the way.
let domainName = 'eng';
let accountName = 'eng-team';
const first = { username: 'erin', password: 'Erin-pw-1' };
const second = { username: 'ed', password: 'Ed-pw-2' };
const roleName = 'No volumes';

/** Fills the new-user fields the Add account and Add user forms share. */
async function fillUser(dialog: Locator, user: { username: string; password: string }): Promise<void> {
  await dialog.getByLabel('Username').fill(user.username);
  await dialog.getByLabel('Password', { exact: true }).fill(user.password);
  await dialog.getByLabel('Confirm password').fill(user.password);
  await dialog.getByLabel('Email').fill(`${user.username}@example.org`);
  await dialog.getByLabel('First name').fill(user.username);
  await dialog.getByLabel('Last name').fill('Engineer');
}

const menu = (page: Page, name: string) => page.getByRole('menu').getByRole('menuitem', { name, exact: true }).click();
// The page's own actions come before the buttons of its tables' rows (a rule's Delete, a limit's Edit).
const action = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).first();
/** The picture without the last action's message, which would take its 5 s to fade. */
async function quietScreenshot(page: Page, name: string): Promise<void> {
  const style = await page.addStyleTag({ content: '.ant-message { display: none }' });
  await screenshot(page, name);
  await style.evaluate((node) => (node as unknown as { remove(): void }).remove());
}

const treeNode = (page: Page, name: string) => page.locator('.ant-tree-title').getByText(name, { exact: true });

// A root admin's identity screens: a domain, an account in it (whose user then logs in), a second user with API
// keys, disable / enable, a role with a deny rule that takes Volumes out of its account's menu, and everything
// deleted again; each step checked against the API.
describe('web UI: a root admin manages domains, accounts, users, API keys and roles', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  const domain = async (): Promise<Body | undefined> => ((await cloud.admin.ok('listDomains', { listall: true, name: domainName })).domain as Body[] | undefined)?.[0];
  const account = async (): Promise<Body | undefined> => ((await cloud.admin.ok('listAccounts', { listall: true, name: accountName })).account as Body[] | undefined)?.[0];

  async function logInAs(page: Page, username: string, password: string, domainPath: string): Promise<void> {
    await page.getByLabel('Domain').fill(domainPath);
    await fillLogin(page, username, password);
    await page.getByRole('menu').waitFor();
  }

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    await logIn(browser.page, cloud.uiUrl, 'admin', cloud.server.adminPassword);
  });
  after(() => stopUiSuite(cloud, browser));

  it('creates a domain under ROOT in the tree', async () => {
    const { page } = browser;
    await menu(page, 'Domains');
    await page.getByRole('heading', { name: 'ROOT', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add subdomain' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(domainName);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await treeNode(page, domainName).click();
    await page.getByRole('heading', { name: `ROOT/${domainName}` }).waitFor();
    const made = await domain();
    assert.equal(made?.path, `ROOT/${domainName}`);
    assert.equal(made?.level, 1);
    await quietScreenshot(page, 'domains');
  });

  it('creates an account in that domain through the form', async () => {
    const { page } = browser;
    await menu(page, 'Accounts');
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog');
    await fillUser(dialog, first);
    await dialog.getByLabel('Account name').fill(accountName);
    const domainBox = dialog.getByLabel('Domain');
    await domainBox.fill(`ROOT/${domainName}`);
    await selectOption(page, `ROOT/${domainName}`).click();
    await dialog.getByRole('button', { name: 'Add' }).click();
    await instanceRow(page, accountName).waitFor();
    const made = await account();
    assert.equal(made?.domainid, (await domain())?.id);
    assert.equal(made?.rolename, 'User');
    assert.deepEqual(made?.user.map((u: Body) => u.username), [first.username]);
  });

  it("logs in as the new account's user", async () => {
    const { page } = browser;
    await logOut(page);
    await logInAs(page, first.username, first.password, `/${domainName}`);
    const items = await menuItems(page);
    assert.ok(items.includes('Instances'), items.join(', '));
    for (const admin of ['Accounts', 'Domains', 'Roles']) assert.ok(!items.includes(admin), `the tenant's menu has ${admin}: ${items.join(', ')}`);
    await logOut(page);
    await logInAs(page, 'admin', cloud.server.adminPassword, '/');
  });

  it('adds a second user and generates its API keys, which sign API calls', async () => {
    const { page } = browser;
    await menu(page, 'Accounts');
    await instanceRow(page, accountName).getByRole('link', { name: accountName }).click();
    await page.getByRole('heading', { name: `Account ${accountName}` }).waitFor();
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog');
    await fillUser(dialog, second);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await instanceRow(page, second.username).waitFor();
    const users = ((await cloud.admin.ok('listUsers', { listall: true, account: accountName, domainid: (await domain())?.id as string })).user ?? []) as Body[];
    assert.deepEqual(users.map((u) => u.username).sort(), [second.username, first.username].sort());
    await page.mouse.wheel(0, -2000);
    await quietScreenshot(page, 'accounts');

    await instanceRow(page, second.username).getByRole('button', { name: 'API keys' }).click();
    const keys = page.getByRole('dialog', { name: `API keys of ${second.username}` });
    await keys.getByRole('button', { name: 'Generate keys' }).click();
    const apiKey = await keys.locator('[aria-label="API key"]').innerText();
    const secretKey = await keys.locator('[aria-label="Secret key"]').innerText();
    const signed = new ApiClient(cloud.admin.url, { apiKey: apiKey.trim(), secretKey: secretKey.trim() });
    const seen = ((await signed.ok('listUsers')).user ?? []) as Body[];
    assert.ok(seen.some((u) => u.username === second.username), `the keys' own user in ${JSON.stringify(seen.map((u) => u.username))}`);
    await keys.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
    await keys.waitFor({ state: 'detached' });
    // Opened again the dialog shows no keys until asked: Show keys (getUserKeys) gives the same pair.
    await instanceRow(page, second.username).getByRole('button', { name: 'API keys' }).click();
    await keys.getByRole('button', { name: 'Show keys' }).waitFor();
    assert.equal(await keys.locator('[aria-label="API key"]').count(), 0);
    await keys.getByRole('button', { name: 'Show keys' }).click();
    assert.equal((await keys.locator('[aria-label="Secret key"]').innerText()).trim(), secretKey.trim());
    await keys.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
    await keys.waitFor({ state: 'detached' });

    await instanceRow(page, second.username).getByRole('button', { name: 'Delete' }).click();
    await confirmOk(page);
    await instanceRow(page, second.username).waitFor({ state: 'detached' });
    const left = ((await cloud.admin.ok('listUsers', { listall: true, account: accountName, domainid: (await domain())?.id as string })).user ?? []) as Body[];
    assert.deepEqual(left.map((u) => u.username), [first.username]);
  });

  it('disables, enables, locks and enables the account', async () => {
    const { page } = browser;
    // On the Details tab the Users tab's per-user Disable buttons are hidden.
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await confirmOk(page);
    await page.getByRole('button', { name: 'Enable', exact: true }).waitFor();
    assert.equal((await account())?.state, 'disabled');
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).waitFor();
    assert.equal((await account())?.state, 'enabled');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await confirmOk(page);
    await page.getByRole('button', { name: 'Enable', exact: true }).waitFor();
    assert.equal((await account())?.state, 'locked');
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    assert.equal((await account())?.state, 'enabled');
  });

  it("sets the account's instance limit and renames it", async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Resource limits' }).click();
    await instanceRow(page, 'user_vm').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Maximum (-1 for unlimited)').fill('5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await instanceRow(page, 'user_vm').getByRole('cell', { name: '5', exact: true }).waitFor();
    const made = (await account()) as Body;
    const [limit] = (await cloud.admin.ok('listResourceLimits', { account: accountName, domainid: made.domainid as string, resourcetype: 0 })).resourcelimit as Body[];
    assert.equal(limit.max, 5);

    await page.getByRole('tab', { name: 'Details' }).click();
    await action(page, 'Edit').click();
    await page.getByRole('dialog').getByLabel('New name').fill('eng-squad');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Account eng-squad' }).waitFor();
    accountName = 'eng-squad';
    assert.equal((await account())?.id, made.id);
  });

  it("creates a role whose deny rule takes Volumes out of its account's menu", async () => {
    const { page } = browser;
    await menu(page, 'Roles');
    await page.getByRole('button', { name: 'Add role' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(roleName);
    await dialog.getByLabel('Description').fill('Users without volumes');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('link', { name: roleName }).click();
    await page.getByRole('heading', { name: `Role ${roleName}` }).waitFor();
    // Added as allow, then switched to deny in its row: both createRolePermission and updateRolePermission.
    await page.getByPlaceholder('listVirtualMachines or list*').fill('listVolumes');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await instanceRow(page, 'listVolumes').locator('.ant-select-selector').click();
    await selectOption(page, 'Deny').click();
    const role = ((await cloud.admin.ok('listRoles', { name: roleName })).role as Body[])[0];
    assert.equal(role.type, 'User');
    await waitFor('the deny rule', async () => {
      const rules = ((await cloud.admin.ok('listRolePermissions', { roleid: role.id as string })).rolepermission ?? []) as Body[];
      return rules.length === 1 && rules[0].rule === 'listVolumes' && rules[0].permission === 'deny' ? true : undefined;
    });

    const tenant = await createTenant(cloud.admin, { username: 'novol', roleid: role.id as string });
    await logOut(page);
    await logInAs(page, tenant.username, tenant.password, '/');
    const items = await menuItems(page);
    assert.ok(items.includes('Instances') && !items.includes('Volumes'), `the role's menu: ${items.join(', ')}`);
    await logOut(page);
    await logInAs(page, 'admin', cloud.server.adminPassword, '/');
    assert.equal((await cloud.admin.job('deleteAccount', { id: tenant.account.id as string })).jobstatus, 1);
  });

  it('edits the role, then deletes it', async () => {
    const { page } = browser;
    await menu(page, 'Roles');
    await page.getByRole('link', { name: roleName }).click();
    await action(page, 'Edit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Description').fill('No volumes for these users');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'No volumes for these users' }).waitFor();
    const role = async () => ((await cloud.admin.ok('listRoles', { name: roleName })).role as Body[] | undefined)?.[0];
    assert.equal((await role())?.description, 'No volumes for these users');
    await action(page, 'Delete').click();
    await confirmOk(page);
    await page.getByRole('button', { name: 'Add role' }).waitFor();
    assert.equal(await role(), undefined);
  });

  it('deletes the account, renames the domain and deletes it', async () => {
    const { page } = browser;
    await menu(page, 'Accounts');
    await instanceRow(page, accountName).getByRole('link', { name: accountName }).click();
    await action(page, 'Delete').click();
    await confirmOk(page);
    await page.getByRole('button', { name: 'Add account' }).waitFor();
    assert.equal(await account(), undefined);

    await menu(page, 'Domains');
    await page.locator('.ant-tree-switcher').first().click();
    await treeNode(page, domainName).click();
    await page.getByRole('heading', { name: `ROOT/${domainName}` }).waitFor();
    const id = (await domain())?.id;
    await action(page, 'Edit').click();
    await page.getByRole('dialog').getByLabel('Name').fill('engineering');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await treeNode(page, 'engineering').waitFor();
    domainName = 'engineering';
    assert.equal((await domain())?.id, id);
    await action(page, 'Delete').click();
    await check(page.getByRole('checkbox', { name: /Clean up/ }));
    await confirmOk(page);
    await treeNode(page, domainName).waitFor({ state: 'detached' });
    assert.equal(await domain(), undefined);
  });
});
