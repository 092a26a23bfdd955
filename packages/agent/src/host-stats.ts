import { mkdir, readFile, statfs } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { run } from './exec.ts';

/** MHz of one core: /proc/cpuinfo's figure, else what Node reports, never below 1 (the server wants a positive speed). */
export function cpuSpeedMHz(cpuinfo: string | null, nodeSpeed: number): number {
  const m = cpuinfo && /^cpu MHz\s*:\s*([\d.]+)/m.exec(cpuinfo);
  return Math.max(1, Math.round(m ? Number(m[1]) : nodeSpeed));
}

/** `QEMU emulator version 7.2.22 (Debian ...)` → `7.2.22`. */
export function qemuVersion(versionOutput: string): string {
  const m = /version (\d+(?:\.\d+)+)/.exec(versionOutput.split('\n')[0]);
  if (!m) throw new Error(`Cannot read the QEMU version from: ${versionOutput.split('\n')[0]}`);
  return m[1];
}

export interface HostHardware {
  cpuNumber: number;
  cpuSpeed: number;
  memoryBytes: number;
  localStorageBytes: number;
  hypervisorVersion: string;
}

export async function hostHardware(localStoragePath: string): Promise<HostHardware> {
  await mkdir(localStoragePath, { recursive: true });
  const fs = await statfs(localStoragePath);
  const { stdout } = await run('qemu-system-x86_64', ['--version']);
  return {
    cpuNumber: cpus().length,
    cpuSpeed: cpuSpeedMHz(await readFile('/proc/cpuinfo', 'utf8').catch(() => null), cpus()[0]?.speed ?? 0),
    memoryBytes: totalmem(),
    localStorageBytes: fs.blocks * fs.bsize,
    hypervisorVersion: qemuVersion(stdout),
  };
}

/** Busy and total jiffies of all CPUs, from the first line of /proc/stat. */
export function cpuTimes(procStat: string): { busy: number; total: number } {
  const fields = procStat.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th figures.
  return { busy: total - fields[3] - (fields[4] ?? 0), total };
}

/** MemTotal and MemAvailable, in bytes. */
export function memory(meminfo: string): { totalBytes: number; freeBytes: number } {
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo)?.[1] ?? 0) * 1024;
  return { totalBytes: kb('MemTotal'), freeBytes: kb('MemAvailable') || kb('MemFree') };
}

/** Bytes received and sent by every interface but loopback, in KiB, from /proc/net/dev. */
export function networkKBs(netDev: string): { readKBs: number; writeKBs: number } {
  let read = 0;
  let write = 0;
  for (const line of netDev.split('\n').slice(2)) {
    const [name, data] = line.split(':');
    if (!data || name.trim() === 'lo') continue;
    const f = data.trim().split(/\s+/).map(Number);
    read += f[0];
    write += f[8];
  }
  return { readKBs: read / 1024, writeKBs: write / 1024 };
}

// The previous /proc/stat sample: utilisation covers the time since the last call (since boot on the first one).
let lastCpu = { busy: 0, total: 0 };

export interface HostUsage {
  cpuUtilization: number;
  memoryTotalBytes: number;
  memoryFreeBytes: number;
  networkReadKBs: number;
  networkWriteKBs: number;
}

export async function hostUsage(): Promise<HostUsage> {
  const [stat, meminfo, netDev] = await Promise.all(['/proc/stat', '/proc/meminfo', '/proc/net/dev'].map((f) => readFile(f, 'utf8')));
  const now = cpuTimes(stat);
  const total = now.total - lastCpu.total;
  const cpuUtilization = total > 0 ? ((now.busy - lastCpu.busy) / total) * 100 : 0;
  lastCpu = now;
  const mem = memory(meminfo);
  const net = networkKBs(netDev);
  return {
    cpuUtilization: Math.round(cpuUtilization * 100) / 100,
    memoryTotalBytes: mem.totalBytes,
    memoryFreeBytes: mem.freeBytes,
    networkReadKBs: net.readKBs,
    networkWriteKBs: net.writeKBs,
  };
}
