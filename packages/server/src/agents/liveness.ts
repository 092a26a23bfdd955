import type { Kernel } from '../kernel/kernel.ts';
import { gateway } from './runtime.ts';

/**
 * Pings every connected host each `ping.interval` seconds; the gateway reports the hosts that stop (or start again)
 * answering. Returns how to stop, waiting for a round under way.
 */
export function startLiveness(kernel: Kernel): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  let stopped = false;
  const schedule = (seconds: number) => {
    if (!stopped) timer = setTimeout(() => void tick(), seconds * 1000);
  };
  const tick = async () => {
    let interval = 60;
    try {
      interval = await kernel.settings.int('ping.interval');
      gateway.defaultTimeoutMs = (await kernel.settings.int('wait')) * 1000;
      round = gateway.pingAll(interval * 1000);
      await round;
    } catch (e) {
      kernel.log.error({ err: e }, 'host ping round failed');
    }
    schedule(interval);
  };
  void kernel.settings.int('ping.interval').then(schedule, () => schedule(60));
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await round;
  };
}
