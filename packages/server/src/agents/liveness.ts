import type { Logger } from 'pino';
import type { Settings } from '../kernel/settings-store.ts';
import type { AgentGateway } from './gateway.ts';

export interface LivenessDeps {
  settings: Pick<Settings, 'int' | 'number'>;
  log: Pick<Logger, 'error'>;
}

/**
 * Pings every connected host each `ping.interval` seconds; the gateway reports the hosts that stop (or start again)
 * answering, and declares Down a host whose agent stayed disconnected for `ping.interval` x `ping.timeout`. Returns
 * how to stop, waiting for a round under way.
 */
export function startLiveness({ settings, log }: LivenessDeps, gateway: AgentGateway): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  let stopped = false;
  let last = Date.now();
  // A one-second heartbeat that starts a round once `ping.interval` has passed: a changed interval applies within
  // a second, not after the old interval ran out.
  const schedule = () => {
    if (!stopped) timer = setTimeout(() => void tick(), 1000);
  };
  const tick = async () => {
    try {
      const interval = await settings.int('ping.interval');
      if (Date.now() - last >= interval * 1000) {
        last = Date.now();
        gateway.defaultTimeoutMs = (await settings.int('wait')) * 1000;
        round = gateway.pingAll(interval * 1000);
        await round;
        await gateway.expireDisconnected(interval * 1000 * (await settings.number('ping.timeout')));
      }
    } catch (e) {
      log.error({ err: e }, 'host ping round failed');
    }
    schedule();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await round;
  };
}
