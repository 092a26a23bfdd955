import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AccountType } from '../kernel/roles.ts';
import { generatePassword, hashPassword } from './passwords.ts';

/** Well-known ids of what every installation has: they never change, so code and tests may name them. */
export const ROOT_DOMAIN_ID = 'a1d7c7a5-0000-4000-8000-000000000001';
export const SYSTEM_ACCOUNT_ID = 'a1d7c7a5-0000-4000-8000-000000000011';
export const SYSTEM_USER_ID = 'a1d7c7a5-0000-4000-8000-000000000021';
export const BUILTIN_ROLES = {
  Admin: { id: 'a1d7c7a5-0000-4000-8000-000000000101', name: 'Root Admin' },
  ResourceAdmin: { id: 'a1d7c7a5-0000-4000-8000-000000000102', name: 'Resource Admin' },
  DomainAdmin: { id: 'a1d7c7a5-0000-4000-8000-000000000103', name: 'Domain Admin' },
  User: { id: 'a1d7c7a5-0000-4000-8000-000000000104', name: 'User' },
} as const;

export interface BootstrapResult {
  /** Set when this start created the admin user. */
  adminPassword?: string;
  generated: boolean;
}

/**
 * Fills an empty database with what CloudStack starts with: the built-in roles, the ROOT domain, the `system`
 * account (which runs integration-port requests and background work) and the `admin` account and user. The admin
 * password comes from `NIMBUS_ADMIN_PASSWORD` or is generated and written to `<data-dir>/admin-password` (0600).
 */
export async function bootstrapIdentity(db: Kysely<Database>, dataDir: string, adminPassword?: string): Promise<BootstrapResult> {
  const existing = await db.selectFrom('domain').select('id').where('id', '=', ROOT_DOMAIN_ID).executeTakeFirst();
  if (existing) return { generated: false };
  const now = new Date().toISOString();
  const password = adminPassword || generatePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    for (const [type, r] of Object.entries(BUILTIN_ROLES)) {
      await trx
        .insertInto('role')
        .values({ id: r.id, name: r.name, type, description: `Default ${r.name} role`, is_default: 1, is_public: 1, state: 'enabled', created: now })
        .execute();
    }
    await trx
      .insertInto('domain')
      .values({ id: ROOT_DOMAIN_ID, name: 'ROOT', path: '/', parent_id: null, level: 0, state: 'Active', network_domain: null, created: now })
      .execute();
    const account = (id: string, name: string) => ({
      id,
      name,
      domain_id: ROOT_DOMAIN_ID,
      type: AccountType.Admin,
      role_id: BUILTIN_ROLES.Admin.id,
      state: 'enabled',
      network_domain: null,
      is_default: 1,
      created: now,
    });
    const user = (id: string, username: string, accountId: string, passwordHash: string) => ({
      id,
      username,
      account_id: accountId,
      password_hash: passwordHash,
      firstname: username,
      lastname: 'cloud',
      email: null,
      timezone: null,
      state: 'enabled',
      api_key: null,
      secret_key: null,
      login_attempts: 0,
      is_default: 1,
      source: 'native',
      created: now,
    });
    const adminAccountId = crypto.randomUUID();
    await trx.insertInto('account').values([account(SYSTEM_ACCOUNT_ID, 'system'), account(adminAccountId, 'admin')]).execute();
    // The system user has no usable password: '!' never matches a hash.
    await trx.insertInto('user').values([user(SYSTEM_USER_ID, 'system', SYSTEM_ACCOUNT_ID, '!'), user(crypto.randomUUID(), 'admin', adminAccountId, hash)]).execute();
  });
  if (!adminPassword) {
    writeFileSync(join(dataDir, 'admin-password'), password + '\n', { mode: 0o600 });
    return { adminPassword: password, generated: true };
  }
  return { adminPassword: undefined, generated: false };
}
