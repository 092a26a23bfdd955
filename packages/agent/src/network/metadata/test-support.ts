import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cmdline, signal } from '../process.ts';

// The metadata daemons of a test's state dir, found by their exact command line rather than the pid file: the
// fixture's clean-up may already have removed the file, and a daemon must never outlive its test.

const daemonPath = fileURLToPath(new URL('./daemon.ts', import.meta.url));

/** The pids of the metadata daemons serving the state dir (one, when the agent does its job). */
export function daemonPids(stateDir: string): number[] {
  const runDir = join(stateDir, 'run');
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const args = cmdline(pid);
      return args?.[1] === daemonPath && args[2] === runDir;
    });
}

export function killDaemons(stateDir: string): void {
  for (const pid of daemonPids(stateDir)) signal(pid, 'SIGKILL');
}

export async function waitUntil(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
