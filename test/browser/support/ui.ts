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
  await page.getByRole('button', { name: 'OK', exact: true }).last().click();
}
