import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Body } from '../support/client.ts';
import type { TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { check, confirmOk, logIn, selectOption, wizardToReview } from './support/ui.ts';

const row = (page: Page, text: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: text, exact: true }) });

async function openUserData(page: Page): Promise<void> {
  await page.getByRole('menu').getByRole('menuitem', { name: 'User data' }).click();
  await page.getByRole('heading', { name: 'User data' }).waitFor();
}

// A tenant's registered user data: typed as text (the UI encodes it), chosen in the deploy wizard, handed to the VM
// (getVirtualMachineUserData), refused deletion while the VM uses it, then deleted; each step checked against the API.
describe('web UI: a tenant registers user data and deploys a VM with it', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  const text = '#cloud-config\nhostname: from-the-ui\n';
  const name = 'web-init';
  const vmName = 'ud-vm';
  const registered = async (): Promise<Body | undefined> => ((await cloud.alice.client.ok('listUserData', { name })).userdata as Body[] | undefined)?.[0];

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    await logIn(browser.page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
  });
  after(() => stopUiSuite(cloud, browser));

  it('registers user data typed as text', async () => {
    const { page } = browser;
    await openUserData(page);
    await page.getByRole('button', { name: 'Register user data' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('User data', { exact: true }).fill(text);
    await dialog.getByLabel('Parameters').fill('hostname');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await row(page, name).waitFor();
    const made = await registered();
    assert.equal(made?.userdata, Buffer.from(text).toString('base64'));
    assert.equal(made?.params, 'hostname');
    assert.equal(made?.account, cloud.alice.username);
  });

  /** Runs the deploy wizard to its end for a VM named `vm`, `userData` making the choice on the Details step. */
  async function deploy(page: Page, vm: string, userData: () => Promise<void>, review: string): Promise<Body> {
    await wizardToReview(
      page,
      { zone: cloud.sim.zone.name as string, image: cloud.sim.template.name as string, offering: cloud.sim.offering.name as string, name: vm },
      { details: userData },
    );
    await page.getByText(review, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('link', { name: vm }).waitFor({ timeout: 60_000 });
    const made = ((await cloud.alice.client.ok('listVirtualMachines', { name: vm })).virtualmachine as Body[])[0];
    assert.equal(made.state, 'Running');
    return made;
  }

  const userDataOf = async (vm: Body): Promise<string> =>
    Buffer.from(((await cloud.alice.client.ok('getVirtualMachineUserData', { virtualmachineid: vm.id as string })).virtualmachineuserdata as Body).userdata as string, 'base64').toString();

  it('deploys a VM with it through the wizard', async () => {
    const { page } = browser;
    const vm = await deploy(
      page,
      vmName,
      async () => {
        await check(page.getByRole('radio', { name: 'Registered' }));
        await page.getByLabel('Registered user data').click();
        await selectOption(page, name).click();
      },
      `Registered: ${name}`,
    );
    assert.equal(await userDataOf(vm), text);
  });

  it('deploys a VM with user data typed in the wizard', async () => {
    const { page } = browser;
    const typed = '#!/bin/sh\necho héllo\n';
    const vm = await deploy(
      page,
      'ud-text-vm',
      async () => {
        await check(page.getByRole('radio', { name: 'Text' }));
        await page.getByLabel('User data text').fill(typed);
      },
      `Text (${typed.length} characters)`,
    );
    assert.equal(await userDataOf(vm), typed);
  });

  it('is refused deletion while the VM uses it, and deleted once the VM is gone', async () => {
    const { page } = browser;
    await openUserData(page);
    await row(page, name).getByRole('button', { name: 'Delete' }).click();
    await confirmOk(page);
    await page.getByText(`User data ${name} is used by 1 VM(s); it cannot be deleted`).waitFor();
    assert.ok(await registered(), 'still registered');

    const vm = ((await cloud.alice.client.ok('listVirtualMachines', { name: vmName })).virtualmachine as Body[])[0];
    const gone = await cloud.admin.job('destroyVirtualMachine', { id: vm.id as string, expunge: true });
    assert.equal(gone.jobstatus, 1, `destroy: ${JSON.stringify(gone.jobresult)}`);
    await row(page, name).getByRole('button', { name: 'Delete' }).click();
    await confirmOk(page);
    await row(page, name).waitFor({ state: 'detached' });
    assert.equal(await registered(), undefined);
  });
});
