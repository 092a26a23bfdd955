import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { instanceRow, logIn, logOut, menuItems, openInstances } from './support/ui.ts';

// What one account sees of another's in the UI is what the API lets it list: nothing for a tenant, all for the admin.
describe('web UI: accounts see only their own instances; the admin sees all and the admin sections', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;

  const deploy = async (client: ApiClient, name: string) => {
    const r = await client.job('deployVirtualMachine', { zoneid: cloud.sim.zone.id, templateid: cloud.sim.template.id, serviceofferingid: cloud.sim.offering.id, name });
    assert.equal(r.jobstatus, 1, `deploy ${name}: ${JSON.stringify(r.jobresult)}`);
  };

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    await Promise.all([deploy(cloud.alice.client, 'alice-vm'), deploy(cloud.bob.client, 'bob-vm')]);
  });
  after(() => stopUiSuite(cloud, browser));

  it('bob lists his VM and not alice\'s, and has no admin sections', async () => {
    const { page } = browser;
    await logIn(page, cloud.uiUrl, cloud.bob.username, cloud.bob.password);
    const items = await menuItems(page);
    assert.ok(items.includes('Instances'), items.join(', '));
    for (const admin of ['Zones', 'Accounts']) assert.ok(!items.includes(admin), `a tenant's menu has ${admin}: ${items.join(', ')}`);
    // His dashboard has his events and no alerts (listAlerts is the admins').
    await page.getByText('Recent events', { exact: true }).waitFor();
    assert.equal(await page.getByText('Recent alerts', { exact: true }).count(), 0);
    await openInstances(page);
    // His own VM first: the list has loaded when it shows, so the absence of alice's is not a list still loading.
    await instanceRow(page, 'bob-vm').waitFor();
    assert.equal(await instanceRow(page, 'alice-vm').count(), 0, 'bob sees alice\'s VM');
    await page.getByPlaceholder('Search').fill('alice');
    await page.getByPlaceholder('Search').press('Enter');
    await instanceRow(page, 'bob-vm').waitFor({ state: 'detached' });
    assert.equal(await instanceRow(page, 'alice-vm').count(), 0, 'a search finds alice\'s VM for bob');
    await logOut(page);
  });

  it('the admin lists both tenants\' VMs, sorts them by name, and has Zones and Accounts', async () => {
    const { page } = browser;
    await logIn(page, cloud.uiUrl, 'admin', cloud.server.adminPassword);
    const items = await menuItems(page);
    for (const wanted of ['Instances', 'Zones', 'Accounts']) assert.ok(items.includes(wanted), `${wanted} in ${items.join(', ')}`);
    await openInstances(page);
    await instanceRow(page, 'alice-vm').waitFor();
    await instanceRow(page, 'bob-vm').waitFor();
    // Sorting by name: ascending, then descending (the rows of the page shown, as CloudStack's UI sorts).
    const names = async () => (await page.locator('tbody tr td:first-child').allInnerTexts()).filter((n) => n.endsWith('-vm'));
    const sortedAs = async (want: string[]) => {
      for (const deadline = Date.now() + 5000; Date.now() < deadline && (await names()).join() !== want.join(); ) await page.waitForTimeout(50);
      assert.deepEqual(await names(), want);
    };
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await sortedAs(['alice-vm', 'bob-vm']);
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await sortedAs(['bob-vm', 'alice-vm']);
  });

  it('the admin\'s dashboard shows capacity and the recent alerts', async () => {
    const { page } = browser;
    // An alert of the kind CloudStack raises when a host goes away, so the list has one to show.
    const host = cloud.sim.hosts[0];
    await cloud.admin.ok('configureSimulatorHost', { hostid: host.id, down: true });
    await cloud.admin.ok('configureSimulatorHost', { hostid: host.id, down: false });
    await cloud.admin.job('reconnectHost', { id: host.id });
    const [latest] = (await cloud.admin.ok('listAlerts', {})).alert as Body[];
    await page.getByRole('menu').getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // The admin's dashboard shows the zones' capacity as bars.
    await page.getByRole('progressbar').first().waitFor();
    await page.getByText(String(latest.description), { exact: true }).first().waitFor();
    await screenshot(page, 'dashboard');
  });
});
