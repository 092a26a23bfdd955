export type SessionCall = (params: Record<string, string | number | boolean>) => Promise<Record<string, any>>;

/** Logs in with a password (as the UI does) and returns a caller for commands on that session. */
export async function loginSession(url: string, username: string, password: string, domain = '/'): Promise<{ userId: string; call: SessionCall }> {
  const login = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ command: 'login', username, password, domain, response: 'json' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const answer = ((await login.json()) as { loginresponse: { sessionkey: string; userid: string; errortext?: string } }).loginresponse;
  if (login.status !== 200) throw new Error(`login as ${username} failed: ${answer.errortext ?? login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call: SessionCall = async (params) => {
    const query = new URLSearchParams({ sessionkey: answer.sessionkey, response: 'json' });
    for (const [k, v] of Object.entries(params)) query.set(k, String(v));
    const res = await fetch(url, { method: 'POST', body: query.toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
    const body = Object.values((await res.json()) as Record<string, Record<string, any>>)[0];
    if (res.status !== 200) throw new Error(`${String(params.command)}: ${String(body.errortext)} (${res.status})`);
    return body;
  };
  return { userId: answer.userid, call };
}
