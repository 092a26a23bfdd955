import { readFile } from 'node:fs/promises';
import type { VmStats } from '@nimbus/protocol';
import type { Guest } from './guests.ts';
import { clockTicks, procStat, readOrNull, rssKBs } from './proc.ts';
import { qmp } from './qmp.ts';

// The previous CPU sample of each qemu, so that utilisation covers the time since the last call; after an agent
// restart the first answer covers the time since the guest started instead.
const lastCpu = new Map<number, { ticks: number; at: number }>();

export async function vmStats(guest: Guest): Promise<VmStats | null> {
  const stat = await procStat(guest.pid);
  if (!stat) return null;
  const now = await uptimeSeconds();
  const prev = lastCpu.get(guest.pid) ?? { ticks: 0, at: stat.startTicks / clockTicks };
  lastCpu.set(guest.pid, { ticks: stat.cpuTicks, at: now });
  const elapsed = now - prev.at;
  const vcpus = guest.record?.vm.cpu ?? 1;
  const cpuUtilization = elapsed > 0 ? Math.min(100, ((stat.cpuTicks - prev.ticks) / clockTicks / elapsed / vcpus) * 100) : 0;

  // A tap's transmit counter is what the guest received, and its receive counter what the guest sent.
  let networkReadKBs = 0;
  let networkWriteKBs = 0;
  for (const tap of guest.record?.taps ?? []) {
    networkReadKBs += (await counter(tap, 'tx_bytes')) / 1024;
    networkWriteKBs += (await counter(tap, 'rx_bytes')) / 1024;
  }

  let diskReadKBs = 0;
  let diskWriteKBs = 0;
  const [blockstats] = (await qmp(guest.files.qmp, [{ execute: 'query-blockstats' }]).catch(() => [[]])) as [{ stats?: { rd_bytes?: number; wr_bytes?: number } }[]];
  for (const dev of blockstats) {
    diskReadKBs += (dev.stats?.rd_bytes ?? 0) / 1024;
    diskWriteKBs += (dev.stats?.wr_bytes ?? 0) / 1024;
  }
  return {
    cpuUtilization: Math.round(cpuUtilization * 100) / 100,
    memoryKBs: await rssKBs(guest.pid),
    // Without a balloon driver the host cannot see how much of its memory the guest leaves unused.
    memoryIntFreeKBs: 0,
    networkReadKBs,
    networkWriteKBs,
    diskReadKBs,
    diskWriteKBs,
  };
}

/**
 * A tap's byte counter from /proc/net/dev, which shows the devices of the agent's own network namespace (an agent
 * entered into a namespace without a mount namespace of its own still sees the root's /sys/class/net).
 */
async function counter(tap: string, name: 'rx_bytes' | 'tx_bytes'): Promise<number> {
  const text = await readOrNull('/proc/net/dev');
  const line = text?.split('\n').find((l) => l.trim().startsWith(`${tap}:`));
  if (!line) return 0;
  const fields = line.slice(line.indexOf(':') + 1).trim().split(/\s+/).map(Number);
  return (name === 'rx_bytes' ? fields[0] : fields[8]) || 0;
}

async function uptimeSeconds(): Promise<number> {
  return Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]);
}
