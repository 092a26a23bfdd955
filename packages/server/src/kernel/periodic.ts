import type { Kernel } from './kernel.ts';

/** How often a periodic task looks at its interval setting: a changed setting applies within this, without a restart. */
const TICK_MS = 1000;

/**
 * Runs `work` every `<intervalSetting>` seconds (re-read each second), one run at a time; with `atStart` also right
 * away. A failed run is logged with `what` and the next one comes at the next interval. Returns how to stop it
 * (waiting for a run under way).
 */
export function everyInterval(kernel: Kernel, o: { intervalSetting: string; what: string; atStart: boolean }, work: () => Promise<unknown>): () => Promise<void> {
  let last = o.atStart ? 0 : Date.now();
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const interval = await kernel.settings.int(o.intervalSetting);
        if (Date.now() - last < interval * 1000) return;
        last = Date.now();
        await work();
      } catch (err) {
        kernel.log.error({ err }, `${o.what} failed; it runs again at the next interval`);
      }
    });
  }, TICK_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
