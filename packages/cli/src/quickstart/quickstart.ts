import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { firstAddress } from '@nimbus/agent/options';
import { parseServerOptions, serverUsage, startServer } from '@nimbus/server';
import { loginSession } from '../session.ts';
import { ensureLocalZone, PUBLIC_RANGE } from './local-zone.ts';

const root = resolve(import.meta.dirname, '../../../..');

/** The agent's credentials, made once per data directory (addHost must give the same ones). */
function agentCredentials(dir: string): { username: string; password: string } {
  const file = join(dir, 'credentials.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ username: 'root', password: randomBytes(18).toString('base64url') }) + '\n', { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { username: string; password: string };
}

/**
 * `nimbus up` (what `npm start` runs): a working cloud on this one machine. Builds the guest template (cached),
 * starts the management server and a host agent for this machine, makes sure zone `local` exists with this
 * machine as its KVM host, and prints how to log in and deploy. Everything is kept in the data directory and
 * reused by the next run; guests keep running when it stops.
 */
export async function runQuickstart(argv: string[]): Promise<number> {
  const options = parseServerOptions(argv, process.env);
  if (options === 'help') {
    process.stdout.write(`Usage: nimbus up [server options]\n\nStarts a one-machine cloud (server + agent + zone "local").\n\n${serverUsage}`);
    return 0;
  }
  const log = pino({ level: options.logLevel });
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  log.info('building the guest template (cached after the first run)');
  execFileSync('bash', [join(root, 'scripts/build-template.sh'), join(options.dataDir, 'templates')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const server = await startServer(options, log);
  const agentDir = join(options.dataDir, 'agent');
  const creds = agentCredentials(agentDir);
  const address = process.env.NIMBUS_AGENT_ADDRESS ?? firstAddress();
  const agent = spawn(
    join(root, 'bin/nimbus'),
    ['agent', '--server', `wss://127.0.0.1:${server.agentPort}`, '--address', address, '--state-dir', agentDir, '--local-storage', join(options.dataDir, 'local'), '--log-level', options.logLevel],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NIMBUS_AGENT_USERNAME: creds.username, NIMBUS_AGENT_PASSWORD: creds.password } },
  );
  const stop = async () => {
    if (agent.exitCode === null) agent.kill('SIGTERM');
    await server.close();
  };
  try {
    const password = server.adminPassword ?? process.env.NIMBUS_ADMIN_PASSWORD ?? readFileSync(join(options.dataDir, 'admin-password'), 'utf8').trim();
    const { call } = await loginSession(server.url, 'admin', password);
    const zone = await ensureLocalZone(call, { address, apiPort: Number(new URL(server.url).port), dataDir: options.dataDir, agent: creds });
    process.stdout.write(
      [
        `Nimbus is running on this machine (${zone.created ? 'zone "local" created' : 'zone "local" reused'})`,
        `  API: ${server.url}   (web UI: /client/)`,
        `  admin user: admin (domain ROOT), password: ${password}`,
        `  deploy a VM: deployVirtualMachine zoneid=${zone.zoneId} templateid=${zone.templateId} serviceofferingid=${zone.offeringId}`,
        `  public addresses ${PUBLIC_RANGE.startip}-${PUBLIC_RANGE.endip.split('.').pop()} answer from this machine: associateIpAddress, createPortForwardingRule, then curl http://<address>:<port>/`,
        '  guests keep running when this stops; run it again to carry on',
      ].join('\n') + '\n',
    );
  } catch (e) {
    await stop();
    throw e;
  }
  await new Promise<void>((done) => {
    process.once('SIGTERM', () => done());
    process.once('SIGINT', () => done());
  });
  await stop();
  return 0;
}
