import { readFileSync, readlinkSync, statSync } from 'node:fs';

// The router's daemons (dnsmasq, the metadata service) are found again by pid file, checked against /proc.

/** A process's arguments, or undefined once it is gone (a zombie has none). */
export function cmdline(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.split('\0').slice(0, -1) : undefined;
  } catch {
    return undefined;
  }
}

/** A file's text, or undefined when there is no such file. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The process a pid file names while it runs and `is` recognises its arguments (pids get reused), with its arguments
 * after the program; undefined otherwise.
 */
export function pidFromFile(pidFile: string, is: (args: string[]) => boolean): { pid: number; args: string[] } | undefined {
  const pid = Number(readIfExists(pidFile)?.trim());
  const args = Number.isInteger(pid) && pid > 0 ? cmdline(pid) : undefined;
  return args && is(args) ? { pid, args: args.slice(1) } : undefined;
}

/** The last lines of a daemon's log, for the error that says it failed. */
export function logTail(path: string): string {
  return readIfExists(path)?.trim().split('\n').slice(-5).join('\n') ?? '(no log)';
}

/** The inode of a named namespace (namespace ids are inode numbers), or undefined when it does not exist. */
export function netnsInode(netns: string): number | undefined {
  try {
    return statSync(`/run/netns/${netns}`).ino;
  } catch {
    return undefined;
  }
}

/** Whether a process runs in the named namespace: one re-created under a running daemon leaves it serving nobody. */
export function inNetns(pid: number, netns: string): boolean {
  const inode = netnsInode(netns);
  try {
    return inode !== undefined && readlinkSync(`/proc/${pid}/ns/net`) === `net:[${inode}]`;
  } catch {
    return false;
  }
}

/** Signals a process that may have exited meanwhile. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for every step, then throws the first failure: unlike Promise.all, no step is left running behind a handler
 * that already answered (the network's next command would meet it halfway).
 */
export async function allSettled<T extends readonly unknown[]>(steps: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
