import type { Locator, Page } from 'playwright-core';

/** Logs in through the login form and waits for the menu (the contract's labels: Username, Password, Domain, Log in). */
export async function logIn(page: Page, uiUrl: string, username: string, password: string): Promise<void> {
  if (!page.url().startsWith(uiUrl)) await page.goto(uiUrl);
  await fillLogin(page, username, password);
  await page.getByRole('menu').waitFor();
}

export async function fillLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
}

/** The left menu's top-level item names, in order. */
export async function menuItems(page: Page): Promise<string[]> {
  const names = await page.getByRole('menu').first().getByRole('menuitem').allInnerTexts();
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

export async function openInstances(page: Page): Promise<void> {
  await page.getByRole('menu').getByRole('menuitem', { name: 'Instances' }).click();
  await page.getByRole('heading', { name: 'Instances' }).waitFor();
}

/** The Instances table's row for the VM named `name` (the first cell holds the name). */
export function instanceRow(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
}

/**
 * Clicks OK in the dialog that opened last: a dialog that just closed (antd animates it out) still holds an OK
 * button for a moment, and two matches would fail the click.
 */
export async function confirmOk(page: Page): Promise<void> {
  // This very button: once its dialog closes, the next dialog's OK (a new password shown, say) must not be clicked.
  const ok = await page.getByRole('button', { name: 'OK', exact: true }).last().elementHandle();
  if (ok === null) throw new Error('no OK button to click');
  for (let attempt = 1; ; attempt++) {
    await ok.click();
    if (await ok.waitForElementState('hidden', { timeout: 3_000 }).then(() => true, () => false)) return;
    // Still open: busy with its job (antd shows the OK button loading until it ends), or the click was lost on a
    // loaded machine (CI saw one stay open), which one more click mends.
    const busy = await ok.evaluate((button) => button.classList.contains('ant-btn-loading')).catch(() => false);
    if (busy) return void (await ok.waitForElementState('hidden', { timeout: 60_000 }));
    if (attempt === 3) throw new Error('the confirmation stayed open after three clicks on OK');
  }
}

export interface WizardPicks {
  zone: string;
  /** A template's name, or an ISO's with `iso`. */
  image: string;
  iso?: boolean;
  offering: string;
  /** A disk offering's name: the ROOT disk for an ISO, a data disk for a template; `diskSize` GB when it is custom. */
  disk?: string;
  diskSize?: number;
  name: string;
}

/**
 * Walks the deploy wizard from the Instances list to its Review step, picking each step's item by name. `onOffering`
 * runs on the Offering step once it is picked, `details` on the Details step once the name is filled.
 */
export async function wizardToReview(page: Page, picks: WizardPicks, hooks: { onOffering?: () => Promise<void>; details?: () => Promise<void> } = {}): Promise<void> {
  await openInstances(page);
  await page.getByRole('button', { name: 'Deploy instance' }).click();
  await page.getByRole('heading', { name: 'Deploy instance' }).waitFor();
  const next = () => page.getByRole('button', { name: 'Next' }).click();
  await check(page.getByRole('radio', { name: picks.zone }));
  await next();
  // antd draws the kind as buttons over hidden radios: a click on the label picks it.
  if (picks.iso) await page.getByText('ISO', { exact: true }).click();
  await check(page.getByRole('radio', { name: picks.image }));
  await next();
  await check(page.getByRole('radio', { name: picks.offering }));
  await hooks.onOffering?.();
  await next();
  if (picks.disk !== undefined) await check(page.getByRole('radio', { name: picks.disk, exact: true }));
  if (picks.diskSize !== undefined) await page.getByLabel('Size (GB)').fill(String(picks.diskSize));
  await next();
  // Network: none chosen, so the account's first network, or a new isolated one CloudStack creates.
  await next();
  await page.getByLabel('Name', { exact: true }).fill(picks.name);
  await hooks.details?.();
  await next();
}

/** The open antd Select dropdown's first option showing `option` (a string matches part of its text). */
export function selectOption(page: Page, option: string | RegExp): Locator {
  return page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
}

/** Picks `option` in the antd Select labelled `label` inside `scope`. */
export async function pick(page: Page, scope: Locator, label: string, option: string | RegExp): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click();
  await selectOption(page, option).click();
}

/**
 * Checks a radio or checkbox, once more when the click did not change it: on a loaded machine a dialog's or table's
 * render can take a click away (Playwright then says "Clicking the checkbox did not change its state").
 */
export async function check(box: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await box.check();
      return;
    } catch (e) {
      if (attempt === 3 || !/did not change its state/.test((e as Error).message)) throw e;
    }
  }
}
