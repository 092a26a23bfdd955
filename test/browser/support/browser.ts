import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../support/server.ts';

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Closes Chromium and removes its user-data directory. */
  close(): Promise<void>;
}

/**
 * Debian's Chromium (apt-get install chromium; never a browser downloaded by Playwright), headless, with a fresh
 * user-data directory. The networking flags keep it from calling Google's services, which this machine's closed
 * network refuses many times a second.
 */
export async function openBrowser(o: { reducedMotion?: boolean } = {}): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'nimbus-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      // The UI then draws no animations (it honours prefers-reduced-motion): a click never lands on a dialog still
      // zooming in, which on a loaded machine could be lost. The UI benchmark keeps them, as most users see them.
      reducedMotion: (o.reducedMotion ?? true) ? 'reduce' : 'no-preference',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    });
    context.setDefaultTimeout(15_000);
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      async close() {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`could not start /usr/bin/chromium (npm test installs Debian's chromium): ${(e as Error).message}`);
  }
}

/**
 * Saves the page as docs/ui/<name>.png, the pictures docs/ui.md shows: once antd's loading spinners are gone and with
 * its animations run to their end, so that no table is caught greyed out mid-load nor a message mid-fade.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(repoRoot, 'docs/ui');
  mkdirSync(dir, { recursive: true });
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: join(dir, `${name}.png`), animations: 'disabled' });
}
