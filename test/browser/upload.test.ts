import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { instanceRow, logIn } from './support/ui.ts';

const MiB = 1024 ** 2;

// A tenant uploads a small qcow2 from its disk through "Upload from local" (the file input, as a user picks a
// file), the browser POSTs it to the management server, and the list follows the template to Ready; checked
// against the API.
describe('web UI: a tenant uploads a template from its computer', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  let dir: string;
  let file: string;
  const name = 'ui-upload-1';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ui-upload-'));
    file = join(dir, 'tiny.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, String(32 * MiB)]);
    ({ cloud, browser } = await startUiSuite());
  });
  after(async () => {
    await stopUiSuite(cloud, browser);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a qcow2 through the file picker and sees it Ready', async () => {
    const { page } = browser;
    await logIn(page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
    await page.getByRole('menu').getByRole('menuitem', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    await page.getByRole('button', { name: 'Upload from local' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Upload template from local').waitFor();
    // The form checks before it sends: no file, no upload.
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await dialog.getByText('Choose the file to upload').waitFor();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Description').fill('Uploaded through the web UI');
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByText('tiny.qcow2').waitFor();
    await dialog.getByTitle(cloud.sim.zone.name as string, { exact: true }).waitFor();
    await dialog.getByTitle('Simulator', { exact: true }).waitFor();
    await screenshot(page, 'template-upload');
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText(`Template ${name} uploaded`).waitFor({ timeout: 20_000 });

    const row = instanceRow(page, name);
    await row.getByText('Ready', { exact: true }).waitFor({ timeout: 20_000 });
    const [t] = (await cloud.alice.client.ok('listTemplates', { templatefilter: 'self', name })).template as Body[];
    assert.equal(t.isready, true, JSON.stringify(t));
    assert.equal(t.status, 'Upload Complete');
    assert.equal(t.size, 32 * MiB);
    assert.equal(t.physicalsize, statSync(file).size);
    assert.equal(t.format, 'QCOW2');
    assert.equal(t.zoneid, cloud.sim.zone.id);
  });

  it('shows the server\'s reason when the file is refused', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Upload from local' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('ui-upload-bad');
    await dialog.getByLabel('Description').fill('Not a disk image');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'notes.qcow2', mimeType: 'text/plain', buffer: Buffer.from('just some text\n') });
    await dialog.getByTitle(cloud.sim.zone.name as string, { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText(/not a qcow2 image/).first().waitFor({ timeout: 20_000 });
    const [t] = (await cloud.alice.client.ok('listTemplates', { templatefilter: 'self', name: 'ui-upload-bad' })).template as Body[];
    assert.match(t.status as string, /^Upload failed: the file is not a qcow2 image/);
  });
});
