import { join } from 'node:path';
import { repoRoot } from '../../test/support/server.ts';
import { timedRun, type Children } from './children.ts';
import { keys, zoneName } from './startup.ts';

const PYTHON = '/usr/bin/python3';
const compat = join(repoRoot, 'test/compat');

/** The Libcloud journey of the compatibility suite (test/compat/libcloud-journey.test.ts runs it too). */
export const journeyScript = join(compat, 'libcloud_journey.py');

/** Runs the journey against `url` with Debian's python; milliseconds from spawn to exit and the JSON lines it printed. */
export async function runJourney(children: Children, url: string): Promise<{ ms: number; steps: number }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NIMBUS_URL: url, NIMBUS_API_KEY: keys.apiKey, NIMBUS_SECRET_KEY: keys.secretKey, NIMBUS_ZONE: zoneName };
  const { ms, output } = await timedRun(children, PYTHON, [journeyScript], { env, cwd: compat });
  const steps = output.split('\n').filter((line) => line.startsWith('{')).length;
  return { ms, steps };
}

/** Spawn to exit of Debian's python importing Libcloud's CloudStack driver: the journey's fixed cost before any call. */
export async function libcloudImport(children: Children): Promise<number> {
  const code = 'from libcloud.compute.providers import get_driver\nfrom libcloud.compute.types import Provider\nget_driver(Provider.CLOUDSTACK)';
  return (await timedRun(children, PYTHON, ['-c', code], {})).ms;
}
