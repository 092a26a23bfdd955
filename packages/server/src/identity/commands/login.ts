import { defineCommand } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { recordEvent } from '../../kernel/events.ts';
import { access } from '../../kernel/roles.ts';
import { callerById } from '../callers.ts';
import { verifyPassword } from '../passwords.ts';

/** `/a/b`, `a/b/`, `ROOT/a/b` and `/ROOT/a/b` all name the domain stored as `/a/b/`. */
export function normalizeDomainPath(input: string | undefined): string {
  const parts = (input ?? '').split('/').filter(Boolean);
  if (parts[0]?.toUpperCase() === 'ROOT') parts.shift();
  return parts.length ? `/${parts.join('/')}/` : '/';
}

export const login = defineCommand({
  name: 'login',
  description: 'Logs a user into the CloudStack API; the response carries the session key for later calls',
  access: access.all,
  public: true,
  params: {
    username: { type: 'string', required: true, description: 'Username' },
    password: { type: 'string', required: true, description: 'Password (clear text)' },
    domain: { type: 'string', description: 'Path of the user\'s domain, e.g. /d1/d2; ROOT when omitted' },
    domainId: { type: 'long', description: 'Unused: CloudStack\'s internal domain number (use domain)' },
  },
  response: { type: 'raw' },
  async handler(ctx, p) {
    const username = p.username as string;
    const path = normalizeDomainPath(p.domain as string | undefined);
    const failed = errors.unauthorized(`Failed to authenticate user ${username} in domain ${path}; please provide valid credentials`);
    const row = await ctx.db
      .selectFrom('user')
      .innerJoin('account', 'account.id', 'user.account_id')
      .innerJoin('domain', 'domain.id', 'account.domain_id')
      .select(['user.id', 'user.password_hash', 'user.state', 'user.login_attempts', 'account.state as accountState'])
      .where('user.username', '=', username)
      .where('domain.path', '=', path)
      .executeTakeFirst();
    if (!row) throw failed;
    const ok = await verifyPassword(p.password as string, row.password_hash);
    if (!ok) {
      const allowed = await ctx.settings.int('incorrect.login.attempts.allowed');
      const attempts = row.login_attempts + 1;
      const lock = attempts >= allowed && row.state === 'enabled';
      await ctx.db
        .updateTable('user')
        .set(lock ? { login_attempts: attempts, state: 'locked' } : { login_attempts: attempts })
        .where('id', '=', row.id)
        .execute();
      if (lock) ctx.log.warn({ userId: row.id }, 'user locked after too many failed logins');
      throw failed;
    }
    if (row.state !== 'enabled' || row.accountState !== 'enabled') throw failed;
    if (row.login_attempts > 0) await ctx.db.updateTable('user').set({ login_attempts: 0 }).where('id', '=', row.id).execute();
    const caller = await callerById(ctx.db, row.id);
    if (!caller) throw failed;
    const session = await ctx.sessions.create(row.id);
    const timeout = await ctx.settings.int('session.timeout');
    const user = await ctx.db.selectFrom('user').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    ctx.http.setCookie('JSESSIONID', session.id, { httpOnly: true });
    ctx.http.setCookie('sessionkey', session.sessionKey);
    for (const [name, value] of [
      ['userid', caller.userId],
      ['account', caller.accountName],
      ['domainid', caller.domainId],
      ['role', String(caller.accountType)],
      ['username', caller.username],
    ]) {
      ctx.http.setCookie(name, value);
    }
    await recordEvent(ctx.db, { caller, type: 'USER.LOGIN', state: 'Completed', level: 'INFO', description: `user has logged in from the API`, resourceType: 'User', resourceId: caller.userId });
    return {
      kind: 'raw',
      body: {
        username: caller.username,
        userid: caller.userId,
        domainid: caller.domainId,
        timeout,
        account: caller.accountName,
        firstname: user.firstname,
        lastname: user.lastname,
        type: String(caller.accountType),
        timezone: user.timezone,
        registered: 'false',
        sessionkey: session.sessionKey,
        is2faenabled: 'false',
        is2faverified: 'true',
      },
    };
  },
});

export const logout = defineCommand({
  name: 'logout',
  description: 'Logs out the user of the session',
  access: access.all,
  params: {},
  response: { type: 'raw' },
  async handler(ctx) {
    if (ctx.http.sessionId) await ctx.sessions.remove(ctx.http.sessionId);
    ctx.http.setCookie('JSESSIONID', '', { httpOnly: true, maxAge: 0 });
    ctx.http.setCookie('sessionkey', '', { maxAge: 0 });
    return { kind: 'raw', body: { description: 'success' } };
  },
});
