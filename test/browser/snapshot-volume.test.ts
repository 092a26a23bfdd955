import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { instanceRow, logIn } from './support/ui.ts';

const GiB = 1024 ** 3;

// A tenant restores a snapshot into a new data disk from the Snapshots page ("Create volume"), checked against the API.
describe('web UI: a tenant creates a volume from a snapshot', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  let snapshot: Body;
  const name = 'restored-1';

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    const client = cloud.alice.client;
    const custom = ((await client.ok('listDiskOfferings', {})).diskoffering as Body[]).find((o) => o.iscustomized === true) as Body;
    const v = await client.job('createVolume', { name: 'source-1', zoneid: cloud.sim.zone.id, diskofferingid: custom.id, size: 3 });
    assert.equal(v.jobstatus, 1, JSON.stringify(v.jobresult));
    const s = await client.job('createSnapshot', { volumeid: (v.jobresult.volume as Body).id, name: 'nightly-1' });
    assert.equal(s.jobstatus, 1, JSON.stringify(s.jobresult));
    snapshot = s.jobresult.snapshot as Body;
    await logIn(browser.page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
  });
  after(() => stopUiSuite(cloud, browser));

  it('creates a volume from a snapshot row and sees it Ready', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'Snapshots' }).click();
    await page.getByRole('heading', { name: 'Snapshots' }).waitFor();
    await instanceRow(page, 'nightly-1').getByRole('button', { name: 'Create volume' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Create volume from snapshot nightly-1').waitFor();
    await dialog.getByText('size (3 GB)').waitFor();
    // The form checks before it sends: a name is needed.
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText('A name is needed').waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByText('A name is needed').waitFor({ state: 'detached' });
    await screenshot(page, 'snapshot-volume');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText(`Volume ${name} is Ready`).waitFor({ timeout: 20_000 });

    const [v] = (await cloud.alice.client.ok('listVolumes', { name })).volume as Body[];
    assert.equal(v.state, 'Ready');
    assert.equal(v.type, 'DATADISK');
    assert.equal(v.size, 3 * GiB);
    assert.equal(v.zoneid, snapshot.zoneid);
  });
});
