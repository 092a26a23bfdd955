import { signParams } from '../../packages/server/src/kernel/signature.ts';

export type Body = Record<string, any>;

export interface ApiResult {
  status: number;
  /** The object inside `<command>response`. */
  body: Body;
  raw: string;
  headers: Headers;
}

/** Calls the API as a real client would: over HTTP, signed with API keys or carrying a session. */
export class ApiClient {
  readonly url: string;
  apiKey?: string;
  secretKey?: string;
  sessionKey?: string;
  cookie?: string;

  constructor(url: string, keys?: { apiKey: string; secretKey: string }) {
    this.url = url;
    this.apiKey = keys?.apiKey;
    this.secretKey = keys?.secretKey;
  }

  /** A signed (or session) GET of `command` with `params`, JSON response. */
  async call(command: string, params: Record<string, string | number | boolean> = {}, opts: { method?: 'GET' | 'POST' } = {}): Promise<ApiResult> {
    const all: Record<string, string> = { command, response: 'json' };
    for (const [k, v] of Object.entries(params)) all[k] = String(v);
    if (this.apiKey && this.secretKey) {
      all.apiKey = this.apiKey;
      all.signature = signParams(all, this.secretKey);
    } else if (this.sessionKey) {
      all.sessionkey = this.sessionKey;
    }
    const query = new URLSearchParams(all).toString();
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    const res =
      opts.method === 'POST'
        ? await fetch(this.url, { method: 'POST', body: query, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } })
        : await fetch(`${this.url}?${query}`, { headers });
    const raw = await res.text();
    const parsed = JSON.parse(raw) as Body;
    const key = Object.keys(parsed)[0];
    return { status: res.status, body: parsed[key] as Body, raw, headers: res.headers };
  }

  /** Calls and expects success; returns the inner body. */
  async ok(command: string, params: Record<string, string | number | boolean> = {}): Promise<Body> {
    const r = await this.call(command, params);
    if (r.status !== 200) throw new Error(`${command} failed with ${r.status}: ${r.raw}`);
    return r.body;
  }

  /** Logs in with a password; later calls carry the session. */
  async login(username: string, password: string, domain?: string): Promise<ApiResult> {
    const form: Record<string, string> = { command: 'login', username, password, response: 'json' };
    if (domain) form.domain = domain;
    const res = await fetch(this.url, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const raw = await res.text();
    const body = (JSON.parse(raw) as Body).loginresponse as Body;
    if (res.status === 200) {
      this.sessionKey = body.sessionkey as string;
      this.cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    }
    return { status: res.status, body, raw, headers: res.headers };
  }

  /** Runs an async command and waits for its job to finish; returns the final queryAsyncJobResult body. */
  async job(command: string, params: Record<string, string | number | boolean> = {}, timeoutMs = 30_000): Promise<Body> {
    const first = await this.ok(command, params);
    return this.waitForJob(first.jobid as string, timeoutMs);
  }

  async waitForJob(jobid: string, timeoutMs = 30_000): Promise<Body> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.ok('queryAsyncJobResult', { jobid });
      if (r.jobstatus !== 0) return r;
      if (Date.now() > deadline) throw new Error(`job ${jobid} still pending after ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

/** The admin's API keys, obtained the way an operator would: log in with the password, then registerUserKeys. */
export async function adminClient(url: string, password: string): Promise<ApiClient> {
  const session = new ApiClient(url);
  const login = await session.login('admin', password);
  if (login.status !== 200) throw new Error(`admin login failed: ${login.raw}`);
  const keys = await session.ok('registerUserKeys', { id: login.body.userid as string });
  return new ApiClient(url, { apiKey: keys.userkeys.apikey, secretKey: keys.userkeys.secretkey });
}
