import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { kvmMissing, startKvmCloud, type KvmCloud } from '../support/kvm.ts';
import { repoRoot, type TestServer } from '../support/server.ts';
import { openBrowser, screenshot, type TestBrowser } from './support/browser.ts';
import { logIn } from './support/ui.ts';

// A tenant's TCG guest on a real KVM host, its screen seen in the browser through noVNC and the server's console
// WebSocket. Needs root (namespaces, bridges) and QEMU; TCG needs no /dev/kvm.

const BOOT_MS = 60_000;

/** The part of a 2D canvas the pixel count reads (the root tsconfig has no DOM types). */
interface Canvas2d {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

describe('web UI: the instance console on a KVM host', { timeout: 180_000, skip: kvmMissing }, () => {
  let cloud: KvmCloud;
  let server: TestServer;
  let browser: TestBrowser;
  let alice: TenantAccount;
  let vm: Body;

  before(async () => {
    assert.ok(existsSync(join(repoRoot, 'packages/ui/dist/index.html')), 'the web UI is not built: run npm run build:ui');
    cloud = await startKvmCloud();
    browser = await openBrowser();
    const { admin, zone } = cloud;
    server = cloud.server;
    alice = await createTenant(admin, { username: 'alice' });
    const job = await alice.client.job('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: 'con-vm' }, BOOT_MS);
    assert.equal(job.jobstatus, 1, `deploy: ${JSON.stringify(job.jobresult)}`);
    vm = job.jobresult.virtualmachine as Body;
  });

  after(async () => {
    await browser?.close();
    await cloud?.stop();
  });

  it('opens the console from the instance page, shows the guest\'s screen, and says when it is gone', async () => {
    const { page } = browser;
    await logIn(page, `http://127.0.0.1:${server.port}/client/`, alice.username, alice.password);
    await page.goto(`http://127.0.0.1:${server.port}/client/#/instances/${vm.id}`);
    await page.getByRole('heading', { name: 'con-vm' }).waitFor();
    await page.getByRole('button', { name: 'Console' }).click();
    await page.getByRole('heading', { name: 'Console of con-vm' }).waitFor();
    assert.ok(page.url().endsWith(`#/instances/${vm.id}/console`), page.url());
    await page.getByLabel('Console state').getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });

    // The guest's VGA text screen (SeaBIOS, then SYSLINUX: 720 x 400) arrives as pixels: wait until enough are lit.
    // Without the guest's VGA device QEMU would draw its own notice, "This VM has no graphic display device", at
    // 640 x 480; the size tells them apart.
    const canvas = page.getByTestId('console-screen').locator('canvas');
    const litPixels = () => canvas.evaluate((element) => {
      const c = element as unknown as Canvas2d;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 96) lit++;
      return { lit, width: c.width, height: c.height };
    });
    let seen = await litPixels();
    for (const deadline = Date.now() + 30_000; seen.lit < 500 && Date.now() < deadline; seen = await litPixels()) await page.waitForTimeout(500);
    assert.deepEqual([seen.width, seen.height], [720, 400], `the canvas has the guest's VGA text-mode size: ${JSON.stringify(seen)}`);
    assert.ok(seen.lit >= 500, `the console shows text: ${JSON.stringify(seen)}`);
    await screenshot(page, 'console');

    // Ctrl+Alt+Del goes to the guest without dropping the connection; Reconnect asks for a new single-use endpoint.
    await page.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
    // Its new socket, so that the Connected below is the new connection's, not the old one's before React re-renders.
    const reopened = page.waitForEvent('websocket');
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await reopened;
    await page.getByLabel('Console state').getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });

    // The guest going away closes the console; a new endpoint is then refused with the API's errortext.
    assert.equal((await alice.client.job('stopVirtualMachine', { id: vm.id, forced: true }, BOOT_MS)).jobstatus, 1);
    await page.getByLabel('Console state').getByText('Disconnected', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('alert').filter({ hasText: /^Disconnected: the connection was/ }).waitFor();
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await page.getByRole('alert').filter({ hasText: 'only a running VM has a console' }).waitFor();
  });
});
