import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import type { RoleType } from '../kernel/roles.ts';

/** Loads callers: a user with its account, domain and role, all joined once. */
function callerQuery(db: Kysely<Database>) {
  return db
    .selectFrom('user as u')
    .innerJoin('account as a', 'a.id', 'u.account_id')
    .innerJoin('domain as d', 'd.id', 'a.domain_id')
    .innerJoin('role as r', 'r.id', 'a.role_id')
    .select([
      'u.id as userId',
      'u.username',
      'u.state as userState',
      'u.api_key',
      'u.secret_key',
      'a.id as accountId',
      'a.name as accountName',
      'a.type as accountType',
      'a.state as accountState',
      'd.id as domainId',
      'd.path as domainPath',
      'r.id as roleId',
      'r.type as roleType',
      'r.is_default as roleIsDefault',
    ]);
}

type CallerRow = Awaited<ReturnType<ReturnType<typeof callerQuery>['executeTakeFirst']>>;

function toCaller(row: NonNullable<CallerRow>): Caller {
  return {
    userId: row.userId,
    username: row.username,
    accountId: row.accountId,
    accountName: row.accountName,
    accountType: row.accountType,
    domainId: row.domainId,
    domainPath: row.domainPath,
    roleId: row.roleId,
    roleType: row.roleType as RoleType,
    isRootAdminRole: row.roleType === 'Admin' && row.roleIsDefault === 1,
  };
}

/** Only enabled users of enabled accounts may act. */
function isActive(row: NonNullable<CallerRow>): boolean {
  return row.userState === 'enabled' && row.accountState === 'enabled';
}

export async function activeCallerById(db: Kysely<Database>, userId: string): Promise<Caller | undefined> {
  const row = await callerQuery(db).where('u.id', '=', userId).executeTakeFirst();
  return row && isActive(row) ? toCaller(row) : undefined;
}

export async function activeCallerByApiKey(
  db: Kysely<Database>,
  apiKey: string,
): Promise<{ caller: Caller; sealedSecret: string } | undefined> {
  const row = await callerQuery(db).where('u.api_key', '=', apiKey).executeTakeFirst();
  if (!row || !isActive(row) || !row.secret_key) return undefined;
  return { caller: toCaller(row), sealedSecret: row.secret_key };
}

export async function callerById(db: Kysely<Database>, userId: string): Promise<Caller | undefined> {
  const row = await callerQuery(db).where('u.id', '=', userId).executeTakeFirst();
  return row ? toCaller(row) : undefined;
}
