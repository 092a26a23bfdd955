import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux architecture we run on). */
export const clockTicks = 100;

export interface ProcStat {
  state: string;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks. */
  startTicks: number;
}

export async function procStat(pid: number): Promise<ProcStat | null> {
  const text = await readOrNull(`/proc/${pid}/stat`);
  if (text === null) return null;
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], cpuTicks: Number(fields[11]) + Number(fields[12]), startTicks: Number(fields[19]) };
}

/**
 * Whether `pid` is the live qemu of `instanceName`: the pid must not have been reused by another program (its command
 * line names the instance), and a zombie counts as gone, because PID 1 here reaps daemonised orphans late.
 */
export async function isGuestProcess(pid: number, instanceName: string): Promise<boolean> {
  const stat = await procStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  const cmdline = await readOrNull(`/proc/${pid}/cmdline`);
  return cmdline !== null && cmdline.includes(`\0-name\0${instanceName}\0`);
}

/** Resident memory of a process, in KiB (0 once it is gone). */
export async function rssKBs(pid: number): Promise<number> {
  const status = await readOrNull(`/proc/${pid}/status`);
  const m = status && /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) : 0;
}

export async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
