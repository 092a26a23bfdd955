import { CloudClient, type ApiCaller } from '../api-client.ts';
import { sessionClient } from '../session.ts';
import type { Profile } from './config.ts';
import { UsageError } from './errors.ts';

/**
 * The caller for a profile: signed with its API keys when it has them, else a login session with its username
 * and password. Loaded only when a command is called, since it brings in the server's signature code.
 */
export async function connect(p: Profile): Promise<ApiCaller> {
  if (p.apikey && p.secretkey) return new CloudClient(p.url, p.apikey, p.secretkey);
  if (p.username && p.password) return sessionClient(p.url, p.username, p.password, p.domain ?? '/');
  throw new UsageError(`profile '${p.name}' has no credentials: nimbus set apikey KEY and nimbus set secretkey SECRET, or nimbus set username NAME and nimbus set password PASSWORD`);
}
