import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Login sessions live in the database so that any management server can serve a session's next request. */
export class Sessions {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async create(userId: string): Promise<{ id: string; sessionKey: string }> {
    const id = randomBytes(24).toString('base64url');
    const sessionKey = randomBytes(24).toString('base64url');
    const now = new Date().toISOString();
    await this.db.insertInto('session').values({ id, session_key: sessionKey, user_id: userId, created: now, last_access: now }).execute();
    return { id, sessionKey };
  }

  /**
   * The user of a live session whose id (cookie) and key (parameter) both match; touching it extends its life.
   * Both are required, as in CloudStack: the cookie alone would let another site's page act for the user.
   */
  async resolve(id: string, sessionKey: string, timeoutSeconds: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const a = Buffer.from(row.session_key);
    const b = Buffer.from(sessionKey);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    const now = Date.now();
    if (now - Date.parse(row.last_access) > timeoutSeconds * 1000) {
      await this.remove(id);
      return undefined;
    }
    // Writing on every call would make reads cost a write; a minute's precision is enough for a timeout.
    if (now - Date.parse(row.last_access) > 60_000) {
      await this.db.updateTable('session').set({ last_access: new Date(now).toISOString() }).where('id', '=', id).execute();
    }
    return row.user_id;
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('session').where('id', '=', id).execute();
  }

  async removeForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('session').where('user_id', '=', userId).execute();
  }

  async purgeExpired(timeoutSeconds: number): Promise<void> {
    const cutoff = new Date(Date.now() - timeoutSeconds * 1000).toISOString();
    await this.db.deleteFrom('session').where('last_access', '<', cutoff).execute();
  }
}
