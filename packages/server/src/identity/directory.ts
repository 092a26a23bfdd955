import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import type { Directory } from '../kernel/directory.ts';
import { activeCallerByApiKey, activeCallerById, callerById } from './callers.ts';
import { dataKey } from './data-key.ts';
import { SYSTEM_USER_ID } from './bootstrap.ts';

/**
 * Role permission rules change rarely and are read on every call: keep them for a few seconds. A change made by
 * this server shows at once (`invalidateRoleRules`); one made by another server within this time.
 */
const RULE_CACHE_MS = 3000;
const rules = new Map<string, { at: number; rules: Array<{ rule: string; permission: 'allow' | 'deny' }> }>();
/** Bumped by each invalidation, so that a read begun before a change does not cache what it read. */
let generation = 0;

/** Forgets the cached rules of a role, after its permissions changed. */
export function invalidateRoleRules(roleId: string): void {
  rules.delete(roleId);
  generation++;
}

/**
 * Opened secret keys by their sealed form. The caller itself is read afresh on every request (so a disabled user is
 * refused at once); only the decryption, which costs more than the query, is remembered. A new key pair is sealed
 * with a new IV, so a replaced key never matches an old entry.
 */
const OPENED_SECRETS_MAX = 10_000;
const openedSecrets = new Map<string, string>();

function openSecret(sealed: string): string {
  let plain = openedSecrets.get(sealed);
  if (plain === undefined) {
    plain = dataKey().open(sealed);
    if (openedSecrets.size >= OPENED_SECRETS_MAX) openedSecrets.clear();
    openedSecrets.set(sealed, plain);
  }
  return plain;
}

export function createDirectory(db: Kysely<Database>): Directory {
  let system: Caller | undefined;
  return {
    async byApiKey(apiKey) {
      const found = await activeCallerByApiKey(db, apiKey);
      return found && { caller: found.caller, secretKey: openSecret(found.sealedSecret) };
    },
    byUserId: (userId) => activeCallerById(db, userId),
    async systemCaller() {
      system ??= await callerById(db, SYSTEM_USER_ID);
      if (!system) throw new Error('the system user is missing');
      return system;
    },
    async rolePermissions(roleId) {
      const hit = rules.get(roleId);
      if (hit && Date.now() - hit.at < RULE_CACHE_MS) return hit.rules;
      const readAt = generation;
      const rows = await db
        .selectFrom('role_permission')
        .select(['rule', 'permission'])
        .where('role_id', '=', roleId)
        .orderBy('sort_order')
        .execute();
      const list = rows.map((r) => ({ rule: r.rule, permission: r.permission as 'allow' | 'deny' }));
      if (readAt === generation) rules.set(roleId, { at: Date.now(), rules: list });
      return list;
    },
  };
}
