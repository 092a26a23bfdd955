import { mkdirSync } from 'node:fs';
import pino from 'pino';
import { runDir } from './config.ts';
import { Connection } from './connection.ts';
import { agentUsage, parseAgentOptions } from './options.ts';

/** `nimbus agent`: serves the management server until SIGTERM/SIGINT; the guests it started keep running after it. */
export async function runAgent(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseAgentOptions(argv, process.env);
  } catch (e) {
    process.stderr.write(`nimbus agent: ${(e as Error).message}\n\n${agentUsage}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(agentUsage);
    return 0;
  }
  const { config, logLevel } = parsed;
  const log = pino({ level: logLevel });
  mkdirSync(runDir(config), { recursive: true, mode: 0o700 });
  mkdirSync(config.localStoragePath, { recursive: true });
  const connection = new Connection({ config, log });
  connection.start();
  log.info({ servers: config.servers, name: config.name, address: config.address }, 'Nimbus host agent started');
  process.stdout.write(`Nimbus host agent ${config.name} (${config.address}) is running; servers: ${config.servers.join(', ')}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'agent stopping; guests keep running');
      connection.stop();
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
