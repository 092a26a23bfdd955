/** One sample of the web UI's instances list in Chromium: log in, page, change the page size, search, filter by state. */
import type { BrowserContext, Request } from 'playwright-core';
import type { Condition } from './in-page.ts';

export type Step = 'login' | 'page 2' | 'page size 100' | 'search' | 'state Stopped';
export const steps: Step[] = ['login', 'page 2', 'page size 100', 'search', 'state Stopped'];

/** One API call the page made: its parameters (without the session) and its time in Chromium's resource timing. */
export interface PageCall {
  command: string;
  params: Record<string, string>;
  ms: number;
  /** When Chromium started the request, in ms since the epoch (resource timing's startTime). */
  start: number;
}

export interface StepResult {
  /** From the user's action (pointerdown/keydown) to the table showing what was asked, timed in the page. */
  ms: number;
  /** The user's action, in ms since the epoch (the page's timeOrigin + its performance.now()). */
  t0: number;
  /** Every API call the step made, in the order they ended. */
  calls: PageCall[];
}

export type Sample = Record<Step, StepResult>;

function pageCall(req: Request): PageCall | undefined {
  const body = req.postData();
  if (req.method() !== 'POST' || !req.url().endsWith('/client/api') || body === null) return undefined;
  const params = Object.fromEntries(new URLSearchParams(body));
  const { command, response: _response, sessionkey: _sessionkey, ...rest } = params;
  // Chromium's ResourceTiming for the request: responseEnd is relative to its start.
  const timing = req.timing();
  return { command, params: rest, ms: timing.responseEnd, start: timing.startTime };
}

/** `username` logs in on a new tab (a new sessionStorage: logged out; the browser's cache is warm after the first). */
export async function sample(context: BrowserContext, uiUrl: string, username: string, password: string, keyword: string, vms: number): Promise<Sample> {
  const page = await context.newPage();
  const calls: PageCall[] = [];
  page.on('requestfinished', (req) => {
    const call = pageCall(req);
    if (call) calls.push(call);
  });
  try {
    await page.goto(`${uiUrl}#/instances`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    const timed = async (cond: Condition, act: () => Promise<void>): Promise<StepResult> => {
      const from = calls.length;
      await page.evaluate('window.__bench.arm()');
      await act();
      await page.waitForFunction(`window.__bench.check(${JSON.stringify(cond)})`, undefined, { polling: 'raf', timeout: 120_000 });
      const [ms, t0] = (await page.evaluate('[window.__bench.t1 - window.__bench.t0, performance.timeOrigin + window.__bench.t0]')) as [number, number];
      // The list's answer was rendered, so it has ended; Playwright's event for it may still be on its way.
      const deadline = Date.now() + 10_000;
      while (!calls.slice(from).some((c) => c.command === 'listVirtualMachines')) {
        if (Date.now() > deadline) throw new Error(`no listVirtualMachines request seen for ${JSON.stringify(cond)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return { ms, t0, calls: calls.slice(from) };
    };
    const chooseOption = async (opener: () => Promise<void>, title: string): Promise<() => Promise<void>> => {
      await opener();
      const option = page.locator(`.ant-select-item-option[title="${title}"]`);
      await option.waitFor();
      return () => option.click();
    };

    const login = await timed({ kind: 'rows' }, () => page.getByRole('button', { name: 'Log in' }).click());
    const firstKey = (await page.evaluate('window.__bench.rows()[0].key')) as string;
    const page2 = await timed({ kind: 'firstKeyNot', key: firstKey }, () => page.locator('.ant-pagination-item-2').click());
    const pick100 = await chooseOption(() => page.locator('.ant-pagination-options .ant-select').click(), '100 / page');
    const size100 = await timed({ kind: 'count', n: Math.min(100, vms) }, pick100);
    const search = page.getByPlaceholder('Search');
    await search.fill(keyword);
    const found = await timed({ kind: 'names', keyword }, () => search.press('Enter'));
    await search.fill('');
    await timed({ kind: 'count', n: Math.min(100, vms) }, () => search.press('Enter'));
    const pickStopped = await chooseOption(() => page.locator('.ant-select').filter({ has: page.locator('#instance-state-filter') }).click(), 'Stopped');
    const stopped = await timed({ kind: 'state', state: 'Stopped' }, pickStopped);
    return { login, 'page 2': page2, 'page size 100': size100, search: found, 'state Stopped': stopped };
  } finally {
    await page.close();
  }
}

/** Where a step's time went: action to its list request sent, the request, its answer to the rows shown. */
export function breakdown(step: StepResult): { before: number; list: number; after: number } {
  const call = listCall(step);
  const before = call.start - step.t0;
  return { before, list: call.ms, after: step.ms - before - call.ms };
}

/** The step's listVirtualMachines call (the last, should the UI have made more than one). */
export function listCall(step: StepResult): PageCall {
  return step.calls.filter((c) => c.command === 'listVirtualMachines').at(-1) as PageCall;
}
