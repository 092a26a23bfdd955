import { runJourney } from './journey.ts';
import type { Children } from './children.ts';
import { startRecordingProxy, type Recorded } from './proxy.ts';
import { recordingStats, replay, type ReplayResult } from './replay.ts';
import { keys, startEmulator } from './startup.ts';

export interface LibcloudRun {
  /** Python spawn to exit. */
  ms: number;
  steps: number;
  records: Recorded[];
  stats: ReturnType<typeof recordingStats>;
}

/** One sample: the journey on fresh emulators (what a client's test suite meets) and on a warm one. */
export interface JourneySample {
  cold: LibcloudRun;
  coldReplay: ReplayResult;
  warmReplay: ReplayResult;
  warm: LibcloudRun;
}

// A journey starts a second after its emulator is ready: none then pays the tail of the start (code still being
// compiled, the first writes), which libcloud would otherwise partly sleep through while python imports.
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

async function libcloud(children: Children, emulatorUrl: string): Promise<LibcloudRun> {
  const proxy = await startRecordingProxy(emulatorUrl);
  const run = await runJourney(children, proxy.url).finally(() => proxy.close());
  return { ...run, records: proxy.records, stats: recordingStats(proxy.records) };
}

async function checkedReplay(records: Recorded[], url: string): Promise<ReplayResult> {
  const r = await replay(records, url, keys);
  if (r.mismatches.length) throw new Error(`the replay is not the recorded journey:\n  ${r.mismatches.join('\n  ')}`);
  return r;
}

/**
 * Libcloud on a fresh emulator, its recording replayed on another fresh one; then, on that now warm emulator, the
 * replay again and libcloud again (last, so a warmer emulator favours libcloud, not the replay).
 */
export async function journeySample(children: Children, tmp: string): Promise<JourneySample> {
  const first = await startEmulator(children, tmp);
  await settle();
  const cold = await libcloud(children, first.url);
  await children.stop(first.child);
  const second = await startEmulator(children, tmp);
  await settle();
  const coldReplay = await checkedReplay(cold.records, second.url);
  const warmReplay = await checkedReplay(cold.records, second.url);
  const warm = await libcloud(children, second.url);
  await children.stop(second.child);
  return { cold, coldReplay, warmReplay, warm };
}
