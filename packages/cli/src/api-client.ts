import { signParams } from '@nimbus/server/signature';

export type Args = Record<string, string | number | boolean | undefined>;
export type Body = Record<string, any>;

/** A CloudStack error answer, carrying its code and text. */
export class ApiCallError extends Error {
  readonly errorcode: number;
  constructor(command: string, errorcode: number, errortext: string) {
    // Code 0: no answer at all (the endpoint was unreachable), so there is no CloudStack code to show.
    super(errorcode ? `${command}: ${errortext} (${errorcode})` : `${command}: ${errortext}`);
    this.errorcode = errorcode;
  }
}

/** What the CLI calls commands through: signed with API keys (CloudClient) or on a login session (session.ts). */
export interface ApiCaller {
  readonly url: string;
  call(command: string, args?: Args): Promise<Body>;
}

/** The first cause's code (ECONNREFUSED, ENOTFOUND...) of a failed fetch: what an operator can act on. */
function networkReason(e: unknown): string {
  let cause: unknown = e;
  while (cause instanceof Error && cause.cause) cause = cause.cause;
  const code = (cause as { code?: string } | undefined)?.code;
  const reason = code === 'ECONNREFUSED' ? 'connection refused' : cause instanceof Error ? cause.message : String(cause);
  return code && code !== 'ECONNREFUSED' ? `${reason} (${code})` : reason;
}

/** Seconds one HTTP call may take (a hung server must not hang a script): NIMBUS_REQUEST_TIMEOUT, 300 by default. */
function requestTimeoutMs(): number {
  const seconds = Number(process.env.NIMBUS_REQUEST_TIMEOUT ?? 300);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 300) * 1000;
}

/**
 * POSTs one command as a form and returns the object inside `<command>response`; a CloudStack error answer, a
 * non-JSON answer or an unreachable endpoint is thrown as an ApiCallError naming the command.
 */
export async function postCommand(url: string, command: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ body: Body; res: Response }> {
  let res: Response;
  let text: string;
  try {
    const signal = AbortSignal.timeout(requestTimeoutMs());
    res = await fetch(url, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, signal });
    text = await res.text();
  } catch (e) {
    if (e instanceof DOMException && e.name === 'TimeoutError') throw new ApiCallError(command, 0, `no answer from ${url} within ${requestTimeoutMs() / 1000} s (NIMBUS_REQUEST_TIMEOUT)`);
    throw new ApiCallError(command, 0, `cannot reach ${url}: ${networkReason(e)}`);
  }
  let parsed: Body;
  try {
    parsed = JSON.parse(text) as Body;
  } catch {
    throw new ApiCallError(command, res.status, `not a CloudStack answer from ${url}: ${text.slice(0, 200).replace(/\s+/g, ' ')}`);
  }
  const body = (Object.values(parsed)[0] ?? {}) as Body;
  if (res.status !== 200) throw new ApiCallError(command, Number(body.errorcode ?? res.status), String(body.errortext ?? text));
  return { body, res };
}

/**
 * A signed CloudStack API client for the CLI, configured from the environment: `NIMBUS_URL` (the API endpoint,
 * `http://host:8080/client/api`), `NIMBUS_API_KEY` and `NIMBUS_SECRET_KEY`.
 */
export class CloudClient implements ApiCaller {
  readonly url: string;
  private readonly apiKey: string;
  private readonly secretKey: string;

  constructor(url: string, apiKey: string, secretKey: string) {
    this.url = url;
    this.apiKey = apiKey;
    this.secretKey = secretKey;
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): CloudClient {
    const missing = ['NIMBUS_URL', 'NIMBUS_API_KEY', 'NIMBUS_SECRET_KEY'].filter((n) => !env[n]);
    if (missing.length) throw new Error(`set ${missing.join(', ')} (the API endpoint and an admin's API keys)`);
    return new CloudClient(env.NIMBUS_URL as string, env.NIMBUS_API_KEY as string, env.NIMBUS_SECRET_KEY as string);
  }

  /** Calls a command; a CloudStack error answer is thrown as an ApiCallError. */
  async call(command: string, args: Args = {}): Promise<Body> {
    const params: Record<string, string> = { command, response: 'json', apiKey: this.apiKey };
    for (const [k, v] of Object.entries(args)) if (v !== undefined && v !== '') params[k] = String(v);
    params.signature = signParams(params, this.secretKey);
    return (await postCommand(this.url, command, params)).body;
  }

  /** Calls an async command and waits for its job; returns the job's result, or throws its error. */
  async job(command: string, args: Args = {}): Promise<Body> {
    const { jobid } = await this.call(command, args);
    for (;;) {
      const r = await this.call('queryAsyncJobResult', { jobid });
      if (r.jobstatus === 1) return r.jobresult as Body;
      if (r.jobstatus === 2) throw new ApiCallError(command, Number(r.jobresult?.errorcode ?? 530), String(r.jobresult?.errortext ?? 'failed'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The items of a list command, all pages. */
  async list(command: string, key: string, args: Args = {}): Promise<Body[]> {
    const r = await this.call(command, { ...args, pagesize: -1 });
    return (r[key] ?? []) as Body[];
  }
}
