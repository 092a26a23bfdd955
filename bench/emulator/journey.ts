import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/support/server.ts';
import { timedRun, type Children } from './children.ts';
import { keys, zoneName } from './startup.ts';

const PYTHON = '/usr/bin/python3';
const compat = join(repoRoot, 'test/compat');

/**
 * The Libcloud journey of the compatibility suite; BENCH_JOURNEY names another script of test/compat (the same
 * environment, exit status 0 on success).
 */
export function journeyScript(): string {
  const script = join(compat, process.env.BENCH_JOURNEY ?? 'libcloud_journey.py');
  if (!existsSync(script)) throw new Error(`${script} does not exist (BENCH_JOURNEY=libcloud_vm.py runs the shorter VM journey)`);
  return script;
}

/** Runs the journey against `url` with Debian's python; milliseconds from spawn to exit and the JSON lines it printed. */
export async function runJourney(children: Children, script: string, url: string): Promise<{ ms: number; steps: number }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NIMBUS_URL: url, NIMBUS_API_KEY: keys.apiKey, NIMBUS_SECRET_KEY: keys.secretKey, NIMBUS_ZONE: zoneName };
  const { ms, output } = await timedRun(children, PYTHON, [script], { env, cwd: compat });
  const steps = output.split('\n').filter((line) => line.startsWith('{')).length;
  return { ms, steps };
}

/** Spawn to exit of Debian's python importing Libcloud's CloudStack driver: the journey's fixed cost before any call. */
export async function libcloudImport(children: Children): Promise<number> {
  const code = 'from libcloud.compute.providers import get_driver\nfrom libcloud.compute.types import Provider\nget_driver(Provider.CLOUDSTACK)';
  return (await timedRun(children, PYTHON, ['-c', code], {})).ms;
}
