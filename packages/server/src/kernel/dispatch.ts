import type { Logger } from 'pino';
import { mayCall } from './access.ts';
import type { Caller, CommandContext, CommandDecl, HttpExchange, JobHandle, Params } from './command.ts';
import { ApiError, ErrorCode, errors, toApiError } from './errors.ts';
import { checkEntityParams } from './entities.ts';
import { recordEvent } from './events.ts';
import type { Kernel } from './kernel.ts';
import { coerceParams, rawValue, type RawParams } from './params.ts';
import { contentType, responseBody, serialize, type ResponseFormat } from './serialize.ts';
import { verifySignature } from './signature.ts';
import { parseDate } from './params.ts';

export interface ApiRequest {
  params: RawParams;
  cookies: Record<string, string | undefined>;
  /** Requests on the integration port run as the system user without a signature. */
  integration: boolean;
  requestId: string;
  log: Logger;
  /** `scheme://host[:port]` as the client addressed this server, for URLs handed back to it. */
  origin?: string;
}

export interface ApiReply {
  status: number;
  contentType: string;
  body: string;
  cookies: Array<{ name: string; value: string; httpOnly: boolean; maxAge?: number }>;
}

/** Handles one `/client/api` request end to end; never throws. */
export async function dispatch(kernel: Kernel, req: ApiRequest): Promise<ApiReply> {
  const commandName = req.params.find(([n]) => n === 'command')?.[1] ?? rawValue(req.params, 'command') ?? '';
  const format: ResponseFormat = req.params.find(([n]) => n === 'response')?.[1]?.toLowerCase() === 'json' ? 'json' : 'xml';
  const cookies: ApiReply['cookies'] = [];
  let wrapper = commandName ? `${commandName.toLowerCase()}response` : 'errorresponse';
  try {
    if (!commandName) throw errors.paramError('Unable to execute API command due to missing parameter command');
    const decl = kernel.registry.get(commandName);
    const caller = await authenticate(kernel, req, decl);
    if (!decl || !(decl.public || (await mayCall(kernel.directory, caller, decl)))) throw errors.unknownCommand(commandName);
    wrapper = `${decl.name.toLowerCase()}response`;
    const params = coerceParams(decl, req.params);
    await checkEntityParams(kernel.db, decl, params);
    const http: HttpExchange = {
      sessionId: req.cookies.JSESSIONID,
      origin: req.origin,
      setCookie: (name, value, o) => cookies.push({ name, value, httpOnly: o?.httpOnly ?? false, maxAge: o?.maxAge }),
    };
    const body = decl.async ? await submitJob(kernel, req, decl, params, caller, http) : await runNow(kernel, req, decl, params, caller, http);
    return { status: 200, contentType: contentType(format), body: serialize(format, wrapper, body), cookies };
  } catch (e) {
    const error = toApiError(e, req.requestId);
    if (error.errorcode === ErrorCode.InternalError) req.log.error({ err: e, command: commandName }, error.message);
    else req.log.info({ command: commandName, errorcode: error.errorcode }, error.message);
    return { status: error.errorcode, contentType: contentType(format), body: serialize(format, wrapper, error.toBody()), cookies };
  }
}

async function authenticate(kernel: Kernel, req: ApiRequest, decl: CommandDecl | undefined): Promise<Caller> {
  if (req.integration || decl?.public) return kernel.directory.systemCaller();
  const apiKey = rawValue(req.params, 'apikey');
  if (apiKey !== undefined) {
    const signature = req.params.find(([n]) => n === 'signature')?.[1];
    if (!signature) throw errors.unauthorized();
    const found = await kernel.directory.byApiKey(apiKey);
    if (!found || !verifySignature(req.params, signature, found.secretKey)) throw errors.unauthorized();
    checkExpiry(req.params);
    return found.caller;
  }
  const sessionKey = rawValue(req.params, 'sessionkey');
  const sessionId = req.cookies.JSESSIONID;
  if (sessionKey && sessionId) {
    const timeout = await kernel.settings.int('session.timeout');
    const userId = await kernel.sessions.resolve(sessionId, sessionKey, timeout);
    const caller = userId ? await kernel.directory.byUserId(userId) : undefined;
    if (caller) return caller;
    throw errors.unauthorized('session expired or invalid, please log in again');
  }
  throw errors.unauthorized();
}

/** `signatureversion=3` requests carry `expires`; one past it is refused, so a captured request cannot be replayed. */
function checkExpiry(params: RawParams): void {
  if (rawValue(params, 'signatureversion') !== '3') return;
  const expires = rawValue(params, 'expires');
  const at = expires ? parseDate(expires) : undefined;
  if (!at) throw errors.unauthorized('missing or malformed expires parameter for signature version 3');
  if (at.getTime() < Date.now()) throw errors.unauthorized('request expired');
}

function context(kernel: Kernel, req: ApiRequest, caller: Caller, http: HttpExchange, job?: JobHandle): CommandContext {
  return {
    caller,
    db: kernel.db,
    log: req.log,
    requestId: req.requestId,
    settings: kernel.settings,
    sessions: kernel.sessions,
    registry: kernel.registry,
    directory: kernel.directory,
    event: {},
    http,
    job,
  };
}

async function runNow(kernel: Kernel, req: ApiRequest, decl: CommandDecl, params: Params, caller: Caller, http: HttpExchange) {
  const ctx = context(kernel, req, caller, http);
  try {
    const result = await decl.handler(ctx, params);
    if (decl.event) await recordOutcome(kernel, decl, ctx);
    return responseBody(decl.response, result);
  } catch (e) {
    if (decl.event) await recordOutcome(kernel, decl, ctx, toApiError(e, req.requestId));
    throw e;
  }
}

async function submitJob(kernel: Kernel, req: ApiRequest, decl: CommandDecl, params: Params, caller: Caller, http: HttpExchange) {
  let startId: string | undefined;
  if (decl.event) {
    startId = await recordEvent(kernel.db, {
      caller,
      type: decl.event,
      state: 'Started',
      level: 'INFO',
      description: `${decl.name} started`,
    });
  }
  const job = await kernel.jobs.submit(decl, params, caller, (handle) => {
    const ctx = context(kernel, req, caller, http, handle);
    ctx.event.startId = startId;
    return ctx;
  });
  return job.instance_id ? { jobid: job.id, id: job.instance_id } : { jobid: job.id };
}

/** The closing event of a call: what it did, or the error it ended with. */
export async function recordOutcome(
  kernel: Pick<Kernel, 'db'>,
  decl: CommandDecl,
  ctx: CommandContext,
  error?: ApiError,
): Promise<void> {
  const what = ctx.event.description ?? decl.description;
  await recordEvent(kernel.db, {
    caller: ctx.caller,
    type: decl.event as string,
    state: 'Completed',
    level: error ? 'ERROR' : 'INFO',
    description: error ? `Error: ${what}: ${error.message}` : what,
    resourceType: ctx.event.resourceType,
    resourceId: ctx.event.resourceId,
    startId: ctx.event.startId,
  });
}
