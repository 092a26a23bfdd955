import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildSimZone, type SimZone } from '../../support/compute.ts';
import { repoRoot } from '../../support/server.ts';
import { tenantWorld, type TenantWorld } from '../../support/tenants.ts';
import { openBrowser, type TestBrowser } from './browser.ts';

export interface UiCloud extends TenantWorld<SimZone> {
  /** Where the browser opens the UI: http://127.0.0.1:<port>/client/ */
  uiUrl: string;
}

/**
 * A management server serving this checkout's built UI, an enabled simulator zone with a ready template and the
 * "Small Instance" offering, and two tenants (alice and bob, each an account of its own with a password).
 */
export async function startUiCloud(): Promise<UiCloud> {
  if (!existsSync(join(repoRoot, 'packages/ui/dist/index.html'))) {
    throw new Error('the web UI is not built (packages/ui/dist/index.html is missing): run npm run build:ui (npm test and npm start do it)');
  }
  const world = await tenantWorld('sqlite', (admin) => buildSimZone(admin));
  return { ...world, uiUrl: `http://127.0.0.1:${world.server.port}/client/` };
}

/** A suite's cloud and Chromium, started together; when one fails to start, the other is stopped before the error. */
export async function startUiSuite(): Promise<{ cloud: UiCloud; browser: TestBrowser }> {
  const [cloud, browser] = await Promise.allSettled([startUiCloud(), openBrowser()]);
  if (cloud.status === 'fulfilled' && browser.status === 'fulfilled') return { cloud: cloud.value, browser: browser.value };
  await stopUiSuite(cloud.status === 'fulfilled' ? cloud.value : undefined, browser.status === 'fulfilled' ? browser.value : undefined);
  throw cloud.status === 'rejected' ? cloud.reason : (browser as PromiseRejectedResult).reason;
}

/** Stops what a suite started, whatever of it there is. */
export async function stopUiSuite(cloud: UiCloud | undefined, browser: TestBrowser | undefined): Promise<void> {
  await browser?.close();
  await cloud?.server.stop();
}
