import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './server.ts';

/** Debian's clients live in the system interpreter, not in a pyenv python3 that may come first in PATH. */
export const PYTHON = '/usr/bin/python3';

export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs Debian's python with a bare environment plus `env`, in the network namespace `netns` if given; killed (and so
 * failing) after `timeoutMs`.
 */
export function runPython(args: string[], env: Record<string, string>, o: { cwd?: string; timeoutMs?: number; netns?: string } = {}): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const [command, argv] = o.netns ? ['ip', ['netns', 'exec', o.netns, PYTHON, ...args]] : [PYTHON, args];
    const child = spawn(command, argv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, cwd: o.cwd ?? repoRoot });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One line of test/compat/libcloud_journey.py. */
export interface JourneyStep {
  step: string;
  seconds: number;
  ok: boolean;
  seen?: any;
  error?: string;
  message?: string;
}

export interface Journey extends PythonRun {
  steps: JourneyStep[];
  /** The `seen` of a step that passed; throws naming the run's output when it did not. */
  seen(step: string): any;
}

export interface JourneyTarget {
  url: string;
  apiKey: string;
  secretKey: string;
  zone?: string;
  template?: string;
  /** Seconds Libcloud waits for the node to run. */
  nodeTimeout?: number;
  /** Seconds to wait for the guest's SSH server through the port forward (a real guest); no such step when absent. */
  sshWait?: number;
  /** The network namespace to run in: one from where the public addresses are reachable. */
  netns?: string;
}

/** Runs the Libcloud journey (test/compat/libcloud_journey.py) through its environment interface. */
export async function runLibcloudJourney(t: JourneyTarget, timeoutMs = 120_000): Promise<Journey> {
  const env: Record<string, string> = { NIMBUS_URL: t.url, NIMBUS_API_KEY: t.apiKey, NIMBUS_SECRET_KEY: t.secretKey };
  if (t.zone) env.NIMBUS_ZONE = t.zone;
  if (t.template) env.NIMBUS_TEMPLATE = t.template;
  if (t.nodeTimeout) env.NIMBUS_TIMEOUT = String(t.nodeTimeout);
  if (t.sshWait) env.NIMBUS_SSH_WAIT = String(t.sshWait);
  const run = await runPython([join(repoRoot, 'test/compat/libcloud_journey.py')], env, { timeoutMs, netns: t.netns });
  const steps = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JourneyStep);
  const seen = (step: string) => {
    const s = steps.find((x) => x.step === step);
    if (!s?.ok) throw new Error(`step ${step} ${s ? 'failed' : 'did not run'} (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    return s.seen;
  };
  return { ...run, steps, seen };
}
