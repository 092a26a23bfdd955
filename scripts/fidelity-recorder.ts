/**
 * The wire side of the fidelity probe (scripts/fidelity-probe.ts): a signed CloudStack client that records, per
 * command, the top-level field names of what it answers (the object, every list item, or an async job's result
 * object), the list key or object name it used, and every way a body's shape departs from what CloudStack's clients
 * parse (wrapper key, list body keys, error bodies).
 */
import type { CommandDecl } from '../packages/server/src/kernel/command.ts';
import { signParams } from '../packages/server/src/kernel/signature.ts';
import type { ObservedError } from './api-compat-responses.ts';

export type Body = Record<string, any>;
export type Args = Record<string, string | number | boolean | undefined>;

export interface Observation {
  fields: Set<string>;
  /** The list key or the object name the command answered under (none for success and raw answers). */
  names: Set<string>;
}

export class CallError extends Error {
  readonly status: number;
  constructor(command: string, status: number, raw: string) {
    super(`${command} failed with ${status}: ${raw.slice(0, 400)}`);
    this.status = status;
  }
}

const ERROR_KEYS = ['cserrorcode', 'errorcode', 'errortext', 'uuidList'];

/** Shared by the admin's and the users' recorders, so one probe run yields one set of observations. */
export class Observations {
  readonly commands = new Map<string, Observation>();
  readonly errors: ObservedError[] = [];
  /** Shape problems seen on the wire (not field names: those are judged later against api.json). */
  readonly problems = new Set<string>();
  readonly decls: ReadonlyMap<string, CommandDecl>;

  constructor(decls: readonly CommandDecl[]) {
    this.decls = new Map(decls.map((d) => [d.name, d]));
  }

  observe(command: string, fields: Iterable<string>, name?: string): void {
    let o = this.commands.get(command);
    if (!o) this.commands.set(command, (o = { fields: new Set(), names: new Set() }));
    for (const f of fields) o.fields.add(f);
    if (name !== undefined) o.names.add(name);
  }

  /** Records a successful synchronous answer, or an async job's result, by the command's declared response type. */
  answer(command: string, body: Body): void {
    const decl = this.decls.get(command);
    const response = decl?.response;
    if (response?.type === 'list') return this.listBody(command, body, response.listKey);
    if (response?.type === 'object') {
      const keys = Object.keys(body);
      if (keys.length !== 1 || typeof body[keys[0]] !== 'object') this.problems.add(`${command}: answer holds ${keys.join(', ') || 'nothing'} instead of one object`);
      for (const k of keys) if (body[k] && typeof body[k] === 'object' && !Array.isArray(body[k])) this.observe(command, Object.keys(body[k] as Body), k);
      return;
    }
    // `success` and `raw` answers: the body's own fields (addCluster/addHost answer a list body, as CloudStack does).
    const listKey = Object.keys(body).find((k) => k !== 'count' && Array.isArray(body[k]));
    if (response?.type === 'raw' && listKey && 'count' in body) return this.listBody(command, body, listKey);
    this.observe(command, Object.keys(body));
  }

  private listBody(command: string, body: Body, declared: string): void {
    const keys = Object.keys(body);
    if (keys.length === 0) return this.observe(command, []);
    const extra = keys.filter((k) => k !== 'count' && !Array.isArray(body[k]));
    const lists = keys.filter((k) => Array.isArray(body[k]));
    if (extra.length || lists.length !== 1 || typeof body.count !== 'number') this.problems.add(`${command}: list body has keys ${keys.join(', ')}, CloudStack answers only count and ${declared}`);
    for (const k of lists) {
      this.observe(command, [], k);
      for (const item of body[k] as Body[]) this.observe(command, Object.keys(item));
    }
  }

  /** Checks an error body against CloudStack's: `{"<command>response": {uuidList, errorcode, cserrorcode, errortext}}`, status = errorcode. */
  error(command: string, what: string, status: number, parsed: Body): void {
    const wrapper = Object.keys(parsed);
    const body = (parsed[`${command.toLowerCase()}response`] ?? {}) as Body;
    const keys = Object.keys(body).sort();
    this.errors.push({ command, what, status, errorcode: body.errorcode, cserrorcode: body.cserrorcode, keys });
    const problem = (text: string) => this.problems.add(`${command} (${what}): error ${text}`);
    if (wrapper.length !== 1 || wrapper[0] !== `${command.toLowerCase()}response`) problem(`wrapped in ${wrapper.join(', ')}`);
    if (keys.join() !== ERROR_KEYS.join()) problem(`body has ${keys.join(', ')}, CloudStack's has ${ERROR_KEYS.join(', ')}`);
    if (body.errorcode !== status) problem(`code ${body.errorcode} under HTTP status ${status}`);
    const proxies = Array.isArray(body.uuidList) && (body.uuidList as unknown[]).every((u) => typeof (u as { uuid?: unknown } | null)?.uuid === 'string');
    if (!proxies || typeof body.cserrorcode !== 'number' || typeof body.errortext !== 'string' || !body.errortext) problem('fields of the wrong type');
  }

  /**
   * An async job's failure: CloudStack serializes the same ExceptionResponse as for an error body, but never sets its
   * cserrorcode there, so a failed job's result is `{uuidList, errorcode, errortext}`.
   */
  jobError(command: string, what: string, result: Body): void {
    const keys = Object.keys(result).sort();
    this.errors.push({ command, what: `${what} (async)`, status: 200, errorcode: result.errorcode, cserrorcode: result.cserrorcode, keys });
    const expected = ERROR_KEYS.filter((k) => k !== 'cserrorcode');
    if (keys.filter((k) => k !== 'cserrorcode').join() !== expected.join()) this.problems.add(`${command} (${what}): failed job's result has ${keys.join(', ')}, CloudStack's has ${expected.join(', ')}`);
  }
}

/** A signed client (or an anonymous one, for login) whose every answer is recorded into `obs`. */
export class Recorder {
  readonly url: string;
  readonly obs: Observations;
  private readonly keys?: { apiKey: string; secretKey: string };
  private readonly session?: { key: string; cookie: string };

  constructor(url: string, obs: Observations, keys?: { apiKey: string; secretKey: string }, session?: { key: string; cookie: string }) {
    this.url = url;
    this.obs = obs;
    this.keys = keys;
    this.session = session;
  }

  /** Logs in with a password (recording login's answer); the returned recorder calls with that session. */
  async login(username: string, password: string): Promise<Recorder> {
    const res = await fetch(this.url, { method: 'POST', body: new URLSearchParams({ command: 'login', username, password, response: 'json' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const raw = await res.text();
    if (res.status !== 200) throw new CallError('login', res.status, raw);
    const body = this.unwrap('login', JSON.parse(raw) as Body);
    this.obs.answer('login', body);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return new Recorder(this.url, this.obs, undefined, { key: body.sessionkey as string, cookie });
  }

  async send(command: string, args: Args = {}): Promise<{ status: number; parsed: Body; raw: string }> {
    const params: Record<string, string> = { command, response: 'json' };
    for (const [k, v] of Object.entries(args)) if (v !== undefined) params[k] = String(v);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.keys) {
      params.apiKey = this.keys.apiKey;
      params.signature = signParams(params, this.keys.secretKey);
    } else if (this.session) {
      params.sessionkey = this.session.key;
      headers.cookie = this.session.cookie;
    }
    const res = await fetch(this.url, { method: 'POST', body: new URLSearchParams(params).toString(), headers });
    const raw = await res.text();
    return { status: res.status, parsed: JSON.parse(raw) as Body, raw };
  }

  private unwrap(command: string, parsed: Body): Body {
    const keys = Object.keys(parsed);
    const want = `${command.toLowerCase()}response`;
    if (keys.length !== 1 || keys[0] !== want) this.obs.problems.add(`${command}: answer wrapped in ${keys.join(', ')}, CloudStack wraps it in ${want}`);
    return (parsed[keys[0]] ?? {}) as Body;
  }

  /** A synchronous command that must succeed; its body. Async commands go through `job`. */
  async call(command: string, args: Args = {}): Promise<Body> {
    const { status, parsed, raw } = await this.send(command, args);
    if (status !== 200) throw new CallError(command, status, raw);
    const body = this.unwrap(command, parsed);
    if (this.obs.decls.get(command)?.async) throw new Error(`${command} is async: call it with job()`);
    this.obs.answer(command, body);
    return body;
  }

  /** An async command that must succeed; its job's result. */
  async job(command: string, args: Args = {}): Promise<Body> {
    const { status, parsed, raw } = await this.send(command, args);
    if (status !== 200) throw new CallError(command, status, raw);
    const first = this.unwrap(command, parsed);
    const extra = Object.keys(first).filter((k) => k !== 'jobid' && k !== 'id');
    if (!first.jobid || extra.length) this.obs.problems.add(`${command}: first async answer has ${Object.keys(first).join(', ')}, CloudStack's has jobid (and id)`);
    const result = await this.waitForJob(first.jobid as string);
    if (result.jobstatus !== 1) throw new CallError(command, 530, JSON.stringify(result.jobresult));
    this.obs.answer(command, result.jobresult as Body);
    return result.jobresult as Body;
  }

  async waitForJob(jobid: string, timeoutMs = 30_000): Promise<Body> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.call('queryAsyncJobResult', { jobid });
      if (r.jobstatus !== 0) return r;
      if (Date.now() > deadline) throw new Error(`job ${jobid} still pending after ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  /** A call that must be refused (at once, or by its job); records the error's shape. */
  async bad(command: string, args: Args, what: string): Promise<void> {
    const { status, parsed, raw } = await this.send(command, args);
    if (status !== 200) return this.obs.error(command, what, status, parsed);
    const first = this.unwrap(command, parsed);
    if (!first.jobid) throw new Error(`${command} (${what}) should have failed: ${raw}`);
    const result = await this.waitForJob(first.jobid as string);
    if (result.jobstatus !== 2) throw new Error(`${command} (${what}) should have failed: ${JSON.stringify(result)}`);
    this.obs.jobError(command, what, result.jobresult as Body);
  }
}
