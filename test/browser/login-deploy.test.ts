import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { confirmOk, fillLogin, instanceRow, logIn, menuItems, openInstances, wizardToReview } from './support/ui.ts';

// A tenant's whole first visit: log in, deploy through the wizard, stop and destroy, each checked in the page and
// against the API (what the UI shows must be what the cloud did).
describe('web UI: a tenant logs in and deploys, stops and destroys a VM', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  const vmName = 'web-ui-1';
  const aliceVm = async (): Promise<Body | undefined> => ((await cloud.alice.client.ok('listVirtualMachines', { name: vmName })).virtualmachine as Body[] | undefined)?.[0];

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
  });
  after(() => stopUiSuite(cloud, browser));

  it('shows the API\'s errortext for a wrong password', async () => {
    const { page } = browser;
    await page.goto(cloud.uiUrl);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    assert.equal(await page.getByLabel('Domain').inputValue(), '/');
    await screenshot(page, 'login');
    await fillLogin(page, cloud.alice.username, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Failed to authenticate user alice in domain \/; please provide valid credentials/);
    assert.equal(await page.getByRole('menu').count(), 0, 'no menu without a session');
  });

  it('logs in as a tenant, whose menu has Instances and no admin sections', async () => {
    const { page } = browser;
    await logIn(page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
    const items = await menuItems(page);
    for (const wanted of ['Dashboard', 'Instances', 'Networks', 'Public IPs', 'Templates']) assert.ok(items.includes(wanted), `${wanted} in ${items.join(', ')}`);
    for (const admin of ['Zones', 'Accounts']) assert.ok(!items.includes(admin), `a tenant's menu has ${admin}: ${items.join(', ')}`);
    assert.ok(await page.getByText(cloud.alice.username, { exact: true }).first().isVisible(), 'the header names the user');
  });

  it('deploys a VM through the wizard and sees it Running in the Instances list', async () => {
    const { page } = browser;
    await wizardToReview(
      page,
      { zone: cloud.sim.zone.name as string, image: cloud.sim.template.name as string, offering: cloud.sim.offering.name as string, name: vmName },
      { onOffering: () => screenshot(page, 'deploy-wizard') },
    );
    for (const shown of [cloud.sim.zone.name, cloud.sim.template.name, cloud.sim.offering.name, vmName] as string[]) {
      await page.getByText(shown, { exact: true }).first().waitFor();
    }
    await page.getByRole('button', { name: 'Deploy' }).click();
    // The wizard follows the job to its end: the new instance's name as a link.
    await page.getByRole('link', { name: vmName }).waitFor({ timeout: 60_000 });
    assert.equal((await aliceVm())?.state, 'Running');

    await openInstances(page);
    const row = instanceRow(page, vmName);
    await row.getByText('Running', { exact: true }).waitFor();
    await screenshot(page, 'instances');
  });

  it('stops the VM from its row', async () => {
    const { page } = browser;
    const row = instanceRow(page, vmName);
    await row.getByRole('button', { name: 'Stop' }).click();
    await row.getByText('Stopped', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal((await aliceVm())?.state, 'Stopped');
  });

  it('destroys the VM after a confirmation', async () => {
    const { page } = browser;
    const row = instanceRow(page, vmName);
    await row.getByRole('button', { name: 'Destroy' }).click();
    await confirmOk(page);
    await waitFor('the VM to leave the list or show Destroyed', async () => ((await row.count()) === 0 || (await row.getByText('Destroyed', { exact: true }).count()) > 0 ? true : undefined));
    const left = await aliceVm();
    assert.ok(left === undefined || left.state === 'Destroyed' || left.state === 'Expunging', `after Destroy: ${JSON.stringify(left)}`);
  });

  /** The Review step shows `label: value`, then Deploy follows the job to the new VM's link; the VM as the API has it. */
  async function deployFromReview(name: string, label: string, value: string): Promise<Body> {
    const { page } = browser;
    await page.getByRole('row', { name: `${label} ${value}` }).waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('link', { name }).waitFor({ timeout: 60_000 });
    return ((await cloud.alice.client.ok('listVirtualMachines', { name })).virtualmachine as Body[])[0];
  }
  const volumesOf = async (vm: Body) => (await cloud.alice.client.ok('listVolumes', { virtualmachineid: vm.id as string })).volume as Body[];
  const GiB = 1024 ** 3;

  it('deploys a VM with a data disk of a custom size', async () => {
    const { page } = browser;
    const picks = { zone: cloud.sim.zone.name as string, image: cloud.sim.template.name as string, offering: cloud.sim.offering.name as string };
    await wizardToReview(page, { ...picks, disk: 'Custom', diskSize: 3, name: 'web-ui-disk' });
    const vm = await deployFromReview('web-ui-disk', 'Data disk', 'Custom, 3 GB');
    assert.equal(vm.state, 'Running');
    const data = (await volumesOf(vm)).find((v) => v.type === 'DATADISK');
    assert.equal(data?.size, 3 * GiB, JSON.stringify(data));
  });

  it('deploys a VM from an ISO onto the ROOT disk offering chosen', async () => {
    const { page } = browser;
    const registered = (await cloud.alice.client.ok('registerIso', { name: 'ui-installer', displaytext: 'ui-installer', url: 'http://images.example/installer.iso', zoneid: cloud.sim.zone.id as string, bootable: true })).iso as Body;
    await waitFor('the ISO to be ready', async () => ((((await cloud.alice.client.ok('listIsos', { id: registered.id as string, isofilter: 'self' })).iso as Body[])[0]?.isready) ? true : undefined));
    await wizardToReview(page, { zone: cloud.sim.zone.name as string, image: 'ui-installer', iso: true, offering: cloud.sim.offering.name as string, disk: 'Small', name: 'web-ui-iso' });
    const vm = await deployFromReview('web-ui-iso', 'ROOT disk', 'Small');
    assert.equal(vm.state, 'Running');
    assert.equal(vm.isoid, registered.id);
    const root = (await volumesOf(vm)).find((v) => v.type === 'ROOT');
    assert.equal(root?.size, 5 * GiB, JSON.stringify(root));
  });

  it('returns to the login page with "Session expired" when the API refuses the session', async () => {
    const { page, context } = browser;
    // Without its JSESSIONID cookie the session key alone is refused (401), as when the server dropped the session.
    await context.clearCookies();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByText('Session expired').waitFor();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    assert.equal(await page.getByRole('menu').count(), 0);
  });
});
