import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { instanceRow, logIn } from './support/ui.ts';

// The template scenario: a tenant registers a template by URL through the form, watches the simulator
// zone's image store download it (5 steps of 300 ms) to Ready in the list, and deletes it; checked against the API.
describe('web UI: a tenant registers a template, follows its download to Ready, and deletes it', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  const name = 'ui-template-1';
  const aliceTemplate = async (): Promise<Body | undefined> =>
    ((await cloud.alice.client.ok('listTemplates', { templatefilter: 'self', name })).template as Body[] | undefined)?.[0];

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
  });
  after(() => stopUiSuite(cloud, browser));

  it('registers a template by URL and shows its download progress until Ready', async () => {
    const { page } = browser;
    await logIn(page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
    await page.getByRole('menu').getByRole('menuitem', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    await page.getByRole('button', { name: 'Register template' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Description').fill('Registered through the web UI');
    await dialog.getByLabel('URL').fill('http://images.example.org/ui-template-1.qcow2');
    // The form preselects the first zone and its hypervisor: the simulator zone, Simulator.
    await dialog.getByTitle(cloud.sim.zone.name as string, { exact: true }).waitFor();
    await dialog.getByTitle('Simulator', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Register' }).click();

    const row = instanceRow(page, name);
    await row.getByRole('progressbar').waitFor();
    await row.getByText('Ready', { exact: true }).waitFor({ timeout: 20_000 });
    assert.equal(await row.getByRole('progressbar').count(), 0, 'a Ready template still shows a progress bar');
    const registered = await aliceTemplate();
    assert.equal(registered?.isready, true, JSON.stringify(registered));
    assert.equal(registered?.zoneid, cloud.sim.zone.id);
    assert.equal(registered?.hypervisor, 'Simulator');
    assert.equal(registered?.format, 'QCOW2');
    await screenshot(page, 'templates');
  });

  it('shows the template\'s page with its zone, Ready', async () => {
    const { page } = browser;
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name: 'Zones' }).waitFor();
    const zone = instanceRow(page, cloud.sim.zone.name as string);
    await zone.getByText('Ready', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'All templates' }).click();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
  });

  it('edits its description and shares it with bob', async () => {
    const { page } = browser;
    const row = instanceRow(page, name);
    await row.getByRole('button', { name: 'Edit' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Description').fill('Renamed in the web UI');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await aliceTemplate())?.displaytext, 'Renamed in the web UI');

    await row.getByRole('button', { name: 'Permissions' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Account name').fill(cloud.bob.username);
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.getByRole('listitem').filter({ hasText: cloud.bob.username }).waitFor();
    const permissions = await cloud.alice.client.ok('listTemplatePermissions', { id: (await aliceTemplate())?.id as string });
    assert.deepEqual((permissions.templatepermission as Body[])[0].account, [cloud.bob.username]);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('deletes the template after a confirmation', async () => {
    const { page } = browser;
    const row = instanceRow(page, name);
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await waitFor('the template to leave the API\'s list', async () => ((await aliceTemplate()) === undefined ? true : undefined));
  });

  it('registers an ISO on the ISOs page, which follows it to Ready too', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'ISOs' }).click();
    await page.getByRole('heading', { name: 'ISOs' }).waitFor();
    await page.getByRole('button', { name: 'Register ISO' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('ui-iso-1');
    await dialog.getByLabel('Description').fill('An ISO registered through the web UI');
    await dialog.getByLabel('URL').fill('http://images.example.org/ui-iso-1.iso');
    await dialog.getByTitle(cloud.sim.zone.name as string, { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Register' }).click();
    await instanceRow(page, 'ui-iso-1').getByText('Ready', { exact: true }).waitFor({ timeout: 20_000 });
    const isos = (await cloud.alice.client.ok('listIsos', { isofilter: 'self', name: 'ui-iso-1' })).iso as Body[] | undefined;
    assert.equal(isos?.[0]?.isready, true, JSON.stringify(isos));
  });
});
