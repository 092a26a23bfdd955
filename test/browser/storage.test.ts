import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { confirmOk, logIn, pick } from './support/ui.ts';

const GiB = 1024 ** 3;

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

async function confirm(page: Page, rowLocator: Locator, button: string): Promise<void> {
  await rowLocator.getByRole('button', { name: button }).click();
  await confirmOk(page);
}

// A tenant's data disk from the UI: created through the form, attached to its VM, resized, snapshotted (the
// snapshot seen on the Snapshots page), detached, reverted to the snapshot, downloaded, then the snapshot and the volume
// deleted; each step checked against the API. And a template's Download on its page.
describe('web UI: a tenant creates, attaches, resizes, snapshots and deletes a volume', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  const volName = 'data-1';
  const vmName = 'disk-vm';
  let vm: Body;
  const volume = async (): Promise<Body | undefined> => ((await cloud.alice.client.ok('listVolumes', { name: volName })).volume as Body[] | undefined)?.[0];
  const snapshots = async (volumeid: string): Promise<Body[]> => ((await cloud.alice.client.ok('listSnapshots', { volumeid })).snapshot ?? []) as Body[];

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    const r = await cloud.alice.client.job('deployVirtualMachine', { zoneid: cloud.sim.zone.id, templateid: cloud.sim.template.id, serviceofferingid: cloud.sim.offering.id, name: vmName });
    assert.equal(r.jobstatus, 1, `deploy: ${JSON.stringify(r.jobresult)}`);
    vm = r.jobresult.virtualmachine as Body;
    await logIn(browser.page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
  });
  after(() => stopUiSuite(cloud, browser));

  it('creates a custom-size volume through the form', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'Volumes' }).click();
    await page.getByRole('heading', { name: 'Volumes' }).waitFor();
    await page.getByRole('button', { name: 'Create volume' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill(volName);
    await pick(page, dialog, 'Zone', cloud.sim.zone.name as string);
    await pick(page, dialog, 'Disk offering', 'Custom');
    await dialog.getByLabel('Size (GB)').fill('2');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await row(page, volName).waitFor();
    const created = await volume();
    assert.deepEqual([created?.type, created?.size, created?.zoneid], ['DATADISK', 2 * GiB, cloud.sim.zone.id]);
  });

  it('attaches it to the VM', async () => {
    const { page } = browser;
    await row(page, volName).getByRole('button', { name: 'Attach' }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, dialog, 'Instance', vmName);
    await dialog.getByRole('button', { name: 'Attach' }).click();
    await row(page, volName).getByRole('link', { name: vmName }).waitFor();
    assert.equal((await volume())?.virtualmachineid, vm.id);
  });

  it('resizes it', async () => {
    const { page } = browser;
    await row(page, volName).getByRole('button', { name: 'Resize' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('New size (GB)').fill('3');
    await dialog.getByRole('button', { name: 'Resize' }).click();
    await row(page, volName).getByText('3 GB', { exact: true }).waitFor();
    assert.equal((await volume())?.size, 3 * GiB);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await screenshot(page, 'volumes');
  });

  it('takes a snapshot and shows it on the Snapshots page', async () => {
    const { page } = browser;
    const vol = (await volume()) as Body;
    await row(page, volName).getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByRole('button', { name: 'Take', exact: true }).click();
    const snapshot = await waitFor('the snapshot', async () => (await snapshots(vol.id as string)).find((s) => s.state === 'BackedUp'));
    await page.getByRole('menu').getByRole('menuitem', { name: 'Snapshots' }).click();
    await page.getByRole('heading', { name: 'Snapshots' }).waitFor();
    await row(page, snapshot.name as string).filter({ hasText: volName }).waitFor();
  });

  it('detaches the volume', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'Volumes' }).click();
    await row(page, volName).getByRole('button', { name: 'Detach' }).click();
    await row(page, volName).getByRole('button', { name: 'Attach' }).waitFor();
    assert.equal((await volume())?.virtualmachineid, undefined);
  });

  it('reverts the detached volume to its snapshot', async () => {
    const { page } = browser;
    const vol = (await volume()) as Body;
    const [snapshot] = await snapshots(vol.id as string);
    await page.getByRole('menu').getByRole('menuitem', { name: 'Snapshots' }).click();
    await confirm(page, row(page, snapshot.name as string), 'Revert');
    await page.getByText(`Volume ${volName} reverted to ${snapshot.name}`).waitFor();
    assert.equal((await volume())?.state, 'Ready');
  });

  it('downloads the detached volume: the link gives a qcow2 of its size', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'Volumes' }).click();
    await row(page, volName).getByRole('button', { name: 'Download' }).click();
    const link = page.getByTestId('download-link');
    await link.waitFor();
    const url = (await link.getAttribute('href')) as string;
    assert.match(url, /\/client\/download\//);
    await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
    await screenshot(page, 'volume-download');
    const res = await fetch(url);
    assert.equal(res.status, 200);
    const dir = mkdtempSync(join(tmpdir(), 'nimbus-ui-download-'));
    try {
      writeFileSync(join(dir, 'v.qcow2'), Buffer.from(await res.arrayBuffer()));
      const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', join(dir, 'v.qcow2')]).toString()) as Body;
      assert.deepEqual([info.format, info['virtual-size']], ['qcow2', 3 * GiB]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await link.waitFor({ state: 'detached' });
  });

  it('downloads an extractable template from its page: no pool holds it yet, so the link is its registration URL', async () => {
    const { page } = browser;
    const [ostype] = (await cloud.admin.ok('listOsTypes', {})).ostype as Body[];
    const url = 'http://images.example.org/mine.qcow2';
    const registered = (await cloud.alice.client.ok('registerTemplate', { name: 'mine', displaytext: 'mine', format: 'QCOW2', hypervisor: 'Simulator', url, zoneid: cloud.sim.zone.id, ostypeid: ostype.id, isextractable: true })).template[0] as Body;
    await page.goto(`${cloud.uiUrl}#/templates/${registered.id}`);
    const download = row(page, cloud.sim.zone.name as string).getByRole('button', { name: 'Download' });
    await waitFor('the template to be ready', async () => ((await download.isEnabled()) ? true : undefined));
    await download.click();
    const link = page.getByTestId('download-link');
    assert.equal(await link.getAttribute('href'), url);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await link.waitFor({ state: 'detached' });
  });

  it('deletes the snapshot and then the volume', async () => {
    const { page } = browser;
    const vol = (await volume()) as Body;
    const [snapshot] = await snapshots(vol.id as string);
    await page.getByRole('menu').getByRole('menuitem', { name: 'Snapshots' }).click();
    await confirm(page, row(page, snapshot.name as string), 'Delete');
    await waitFor('the snapshot to go', async () => (await snapshots(vol.id as string)).length === 0 || undefined);
    await row(page, snapshot.name as string).waitFor({ state: 'detached' });

    await page.getByRole('menu').getByRole('menuitem', { name: 'Volumes' }).click();
    await confirm(page, row(page, volName), 'Delete');
    await waitFor('the volume to go', async () => (await volume()) === undefined || undefined);
    await row(page, volName).waitFor({ state: 'detached' });
  });
});
