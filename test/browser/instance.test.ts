import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { openBrowser, screenshot, type TestBrowser } from './support/browser.ts';
import { startUiCloud, type UiCloud } from './support/cloud.ts';
import { logIn, openInstances } from './support/ui.ts';

// A tenant's VM (deployed through the API) seen and handled from its detail page; each result checked against the API.
describe('web UI: the instance detail page, its tabs and actions, and SSH key pairs', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  let vm: Body;
  const vmName = 'detail-vm';

  before(async () => {
    [cloud, browser] = await Promise.all([startUiCloud(), openBrowser()]);
    // resetPasswordForVirtualMachine needs a password-enabled template.
    await cloud.admin.ok('updateTemplate', { id: cloud.sim.template.id, passwordenabled: true });
    const r = await cloud.alice.client.job('deployVirtualMachine', { zoneid: cloud.sim.zone.id, templateid: cloud.sim.template.id, serviceofferingid: cloud.sim.offering.id, name: vmName });
    assert.equal(r.jobstatus, 1, `deploy: ${JSON.stringify(r.jobresult)}`);
    vm = r.jobresult.virtualmachine as Body;
  });
  after(async () => {
    await browser?.close();
    await cloud?.server.stop();
  });

  it('opens the detail page from the list and shows the Overview', async () => {
    const { page } = browser;
    await logIn(page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
    await openInstances(page);
    await page.getByRole('link', { name: vmName, exact: true }).click();
    await page.getByRole('heading', { name: vmName }).waitFor();
    assert.ok(page.url().endsWith(`#/instances/${vm.id}`), page.url());
    const overview = page.getByRole('tabpanel');
    const ip = String(vm.nic[0].ipaddress);
    for (const shown of [cloud.sim.zone.name, cloud.sim.template.name, cloud.sim.offering.name, ip, 'Running'] as string[]) {
      await overview.getByText(shown, { exact: true }).first().waitFor();
    }
    assert.equal(await overview.getByText('Host', { exact: true }).count(), 0, 'a tenant is shown the host');
    await screenshot(page, 'instance-detail');
  });

  it('shows the NICs and Volumes tabs with the API\'s data', async () => {
    const { page } = browser;
    const [nic] = (await cloud.alice.client.ok('listNics', { virtualmachineid: vm.id })).nic as Body[];
    await page.getByRole('tab', { name: 'NICs' }).click();
    await page.getByRole('tabpanel').getByRole('cell', { name: String(nic.macaddress), exact: true }).waitFor();
    const volumes = (await cloud.alice.client.ok('listVolumes', { virtualmachineid: vm.id })).volume as Body[];
    assert.ok(volumes.length > 0, 'the VM has volumes');
    await page.getByRole('tab', { name: 'Volumes' }).click();
    for (const volume of volumes) await page.getByRole('tabpanel').getByRole('cell', { name: String(volume.name), exact: true }).waitFor();
  });

  it('stops the VM, resets its password and shows the new one', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.locator('.ant-tag').getByText('Stopped', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(((await cloud.alice.client.ok('listVirtualMachines', { id: vm.id })).virtualmachine as Body[])[0].state, 'Stopped');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.getByRole('dialog', { name: `The new password of ${vmName}` }).waitFor({ timeout: 30_000 });
    const password = (await page.getByLabel('New password', { exact: true }).innerText()).trim();
    assert.match(password, /^\S{6,}$/);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
  });

  it('takes a VM snapshot and lists it in the Snapshots tab', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Snapshots' }).click();
    await page.getByRole('button', { name: 'Take VM snapshot' }).click();
    await page.getByRole('button', { name: 'Take', exact: true }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('cell', { name: 'Ready', exact: true }).waitFor({ timeout: 30_000 });
    const snapshots = (await cloud.alice.client.ok('listVMSnapshot', { virtualmachineid: vm.id })).vmSnapshot as Body[];
    assert.equal(snapshots.length, 1);
    await panel.getByRole('cell', { name: String(snapshots[0].displayname), exact: true }).waitFor();
  });

  it('creates an SSH key pair and shows its private key once', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'SSH key pairs' }).click();
    await page.getByRole('heading', { name: 'SSH key pairs' }).waitFor();
    await page.getByRole('button', { name: 'Create key pair' }).click();
    await page.getByLabel('Name').fill('web-key');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('dialog', { name: 'The private key of web-key' }).waitFor();
    assert.match(await page.getByLabel('Private key', { exact: true }).innerText(), /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.getByRole('cell', { name: 'web-key', exact: true }).waitFor();
    const pairs = (await cloud.alice.client.ok('listSSHKeyPairs', { name: 'web-key' })).sshkeypair as Body[];
    assert.equal(pairs.length, 1);
  });
});
