import { postCommand, type ApiCaller, type Args, type Body } from './api-client.ts';

export type SessionCall = (params: Record<string, string | number | boolean>) => Promise<Record<string, any>>;

/** Logs in with a password (as the UI does) and returns a caller for commands on that session. */
export async function loginSession(url: string, username: string, password: string, domain = '/'): Promise<{ userId: string; call: SessionCall }> {
  const { body: answer, res } = await postCommand(url, 'login', { command: 'login', username, password, domain, response: 'json' });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call: SessionCall = async (params) => {
    const form: Record<string, string> = { sessionkey: String(answer.sessionkey), response: 'json' };
    for (const [k, v] of Object.entries(params)) form[k] = String(v);
    return (await postCommand(url, String(params.command), form, { cookie })).body;
  };
  return { userId: String(answer.userid), call };
}

/** A login session behind the same interface as the signed CloudClient, for profiles with a username and password. */
export async function sessionClient(url: string, username: string, password: string, domain = '/'): Promise<ApiCaller> {
  const { call } = await loginSession(url, username, password, domain);
  return {
    url,
    call: (command: string, args: Args = {}): Promise<Body> => {
      const params: Record<string, string> = { command };
      for (const [k, v] of Object.entries(args)) if (v !== undefined) params[k] = String(v);
      return call(params);
    },
  };
}
