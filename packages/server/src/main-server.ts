import pino from 'pino';
import { parseServerOptions, serverUsage } from './config/server-options.ts';
import { startServer } from './server.ts';

/** `nimbus server`: starts the management server and stops it cleanly on SIGTERM or SIGINT. */
export async function runServer(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseServerOptions(argv, process.env);
  } catch (e) {
    process.stderr.write(`nimbus server: ${(e as Error).message}\n\n${serverUsage}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(serverUsage);
    return 0;
  }
  const log = pino({ level: options.logLevel });
  const server = await startServer(options, log);
  const lines = [`Nimbus management server is running`, `  API: ${server.url}`];
  if (server.adminPassword) {
    lines.push(`  admin user: admin (domain ROOT), password: ${server.adminPassword}`);
    lines.push(`  (shown once; also saved in ${options.dataDir}/admin-password, mode 0600)`);
  } else {
    lines.push(`  admin user: admin (domain ROOT); the password is in ${options.dataDir}/admin-password, or NIMBUS_ADMIN_PASSWORD if you set it`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      void server.close().then(resolve, (e) => {
        log.error({ err: e }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
