import { randomBytes } from 'node:crypto';
import { run, type RunResult } from '../../packages/agent/src/exec.ts';

/**
 * A name prefix no other test (or engineer) on the machine uses: `t` + 3 random hex characters. Network namespaces,
 * bridges and taps are global or per-namespace names, so every test names what it creates with its own prefix.
 */
export function uniquePrefix(): string {
  return `t${randomBytes(2).toString('hex').slice(0, 3)}`;
}

/** A network namespace a test created; `delete` is safe to call twice and after a failed set-up. */
export interface TestNetns {
  name: string;
  /** Runs a program inside the namespace (`ip netns exec`); rejects with its stderr like `run`. */
  exec(file: string, args: string[], opts?: { timeoutMs?: number; input?: string }): Promise<RunResult>;
  /** Runs `ip -n <name> ...`. */
  ip(args: string[]): Promise<RunResult>;
  delete(): Promise<void>;
}

export async function createNetns(name: string): Promise<TestNetns> {
  await run('ip', ['netns', 'add', name]);
  await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return {
    name,
    exec: (file, args, opts) => run('ip', ['netns', 'exec', name, file, ...args], opts),
    ip: (args) => run('ip', ['-n', name, ...args]),
    async delete() {
      const { stdout } = await run('ip', ['netns', 'list']);
      if (stdout.split('\n').some((l) => l.split(' ')[0] === name)) await run('ip', ['netns', 'del', name]);
    },
  };
}

/** Whether a link of that name exists in the current namespace (or in `netns`). */
export async function linkExists(link: string, netns?: string): Promise<boolean> {
  const args = netns ? ['-n', netns, 'link', 'show', link] : ['link', 'show', link];
  return run('ip', args).then(
    () => true,
    () => false,
  );
}
