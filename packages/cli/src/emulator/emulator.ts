import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseServerOptions, serverUsage, startServer } from '@nimbus/server';
import { CloudClient } from '../api-client.ts';
import { loginSession } from '../session.ts';
import { applyZone, type MarvinZone } from '../zone-apply.ts';

/**
 * `nimbus server --simulator`: a CloudStack API emulator for client developers' test suites. It starts the real
 * management server on a throw-away SQLite database, builds CloudStack's own simulator data centre (zone
 * `Sandbox-simulator`: one pod, two clusters of two simulator hosts, primary and secondary storage, a public range,
 * a guest VLAN range) through the API exactly as `nimbus zone apply` does, and gives the admin fixed API keys
 * (`NIMBUS_ADMIN_API_KEY`, `NIMBUS_ADMIN_SECRET_KEY`) or generated ones, printed. Everything is removed at exit.
 */
export async function runEmulator(argv: string[]): Promise<number> {
  const options = parseServerOptions(argv, { ...process.env, NIMBUS_DATA_DIR: undefined, NIMBUS_DB: undefined });
  if (options === 'help') {
    process.stdout.write(`${serverUsage}\n  --simulator             CloudStack API emulator: throw-away database, a ready simulator zone\n`);
    return 0;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'nimbus-emulator-'));
  const password = randomBytes(18).toString('base64url');
  const server = await startServer({ ...options, agentPort: 0, dataDir, db: join(dataDir, 'nimbus.db'), adminPassword: password });
  const cleanup = async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const keys = await adminKeys(server.url, password);
    const api = new CloudClient(server.url, keys.apiKey, keys.secretKey);
    const zones = (JSON.parse(readFileSync(new URL('./sandbox-zone.json', import.meta.url), 'utf8')) as { zones: MarvinZone[] }).zones;
    for (const z of zones) await applyZone(api, z, () => {});
    process.stdout.write(
      [
        'Nimbus CloudStack API emulator is running (simulator zone Sandbox-simulator; data is thrown away at exit)',
        `  API: ${server.url}`,
        `  admin API key:    ${keys.apiKey}`,
        `  admin secret key: ${keys.secretKey}`,
        `  admin user: admin (domain ROOT), password: ${password}`,
      ].join('\n') + '\n',
    );
  } catch (e) {
    await cleanup();
    throw e;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await cleanup();
  return 0;
}

/** Logs in as admin and sets its keys: the fixed ones from the environment, or new ones. */
async function adminKeys(url: string, password: string): Promise<{ apiKey: string; secretKey: string }> {
  const session = await loginSession(url, 'admin', password);
  const call = session.call;
  const apiKey = process.env.NIMBUS_ADMIN_API_KEY;
  const secretKey = process.env.NIMBUS_ADMIN_SECRET_KEY;
  if (apiKey && secretKey) {
    await call({ command: 'updateUser', id: session.userId, userapikey: apiKey, usersecretkey: secretKey });
    return { apiKey, secretKey };
  }
  if (apiKey || secretKey) throw new Error('set both NIMBUS_ADMIN_API_KEY and NIMBUS_ADMIN_SECRET_KEY, or neither');
  const keys = (await call({ command: 'registerUserKeys', id: session.userId })).userkeys as { apikey: string; secretkey: string };
  return { apiKey: keys.apikey, secretKey: keys.secretkey };
}
