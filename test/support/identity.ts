import { randomBytes } from 'node:crypto';
import { ApiClient, type Body } from './client.ts';

export interface TenantAccount {
  /** Signed with the first user's API keys. */
  client: ApiClient;
  account: Body;
  userId: string;
  username: string;
  password: string;
}

/**
 * Creates an account through createAccount (as `creator`) and gives its first user API keys the way a tenant gets
 * them: logging in with the password and calling registerUserKeys on itself.
 */
export async function createTenant(creator: ApiClient, params: Record<string, string | number | boolean> & { username: string }): Promise<TenantAccount> {
  const password = `Pw-${randomBytes(6).toString('hex')}`;
  const created = await creator.ok('createAccount', {
    password,
    email: `${params.username}@example.org`,
    firstname: params.username,
    lastname: 'Tenant',
    accounttype: 0,
    ...params,
  });
  const account = created.account as Body;
  const userId = account.user[0].id as string;
  const session = new ApiClient(creator.url);
  const domainPath = (account.domainpath as string).replace(/^ROOT/, '') || '/';
  const login = await session.login(params.username, password, domainPath);
  if (login.status !== 200) throw new Error(`login as ${params.username} failed: ${login.raw}`);
  const keys = await session.ok('registerUserKeys', { id: userId });
  const client = new ApiClient(creator.url, { apiKey: keys.userkeys.apikey, secretKey: keys.userkeys.secretkey });
  return { client, account, userId, username: params.username, password };
}
