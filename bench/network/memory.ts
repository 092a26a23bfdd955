import { readFileSync } from 'node:fs';

// Memory of router processes and of the kernel, read from /proc: RSS counts a process's shared pages (Node's code,
// libc) in full for each process, PSS shares them out, so the sum of PSS is what the processes cost together.

/** `kB` fields of a /proc file (`Name:   1234 kB`), in KiB. */
function kbFields(path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB/.exec(line);
    if (m) out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

/** Total RSS and PSS (KiB) of the processes still alive among `pids`. */
export function processMemory(pids: number[]): { rssKb: number; pssKb: number; alive: number } {
  let rssKb = 0;
  let pssKb = 0;
  let alive = 0;
  for (const pid of pids) {
    try {
      const rollup = kbFields(`/proc/${pid}/smaps_rollup`);
      rssKb += rollup.get('Rss') ?? 0;
      pssKb += rollup.get('Pss') ?? 0;
      alive++;
    } catch {
      // exited
    }
  }
  return { rssKb, pssKb, alive };
}

/** The /proc/meminfo figures that show what namespaces, links and processes cost the machine. */
export interface MemInfo {
  /** MemTotal - MemAvailable: everything in use, processes included. */
  usedKb: number;
  slabKb: number;
  slabUnreclaimKb: number;
  pageTablesKb: number;
  kernelStackKb: number;
  percpuKb: number;
  availableKb: number;
}

export function memInfo(): MemInfo {
  const f = kbFields('/proc/meminfo');
  const get = (k: string) => f.get(k) ?? 0;
  return {
    usedKb: get('MemTotal') - get('MemAvailable'),
    slabKb: get('Slab'),
    slabUnreclaimKb: get('SUnreclaim'),
    pageTablesKb: get('PageTables'),
    kernelStackKb: get('KernelStack'),
    percpuKb: get('Percpu'),
    availableKb: get('MemAvailable'),
  };
}

/** Kernel-side memory grown between two readings: slab, page tables, kernel stacks, per-CPU areas (KiB). */
export function kernelDeltaKb(before: MemInfo, after: MemInfo): number {
  return after.slabKb - before.slabKb + after.pageTablesKb - before.pageTablesKb + after.kernelStackKb - before.kernelStackKb + after.percpuKb - before.percpuKb;
}

export const mib = (kb: number) => (kb / 1024).toFixed(1);
