import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import { agentTls, downloadRoute, startAgentEndpoint } from './agents/index.ts';
import websocket from '@fastify/websocket';
import { consoleProxy } from './compute/console.ts';
import { templateFiles } from './images/files.ts';
import { uploadRoutes } from './images/index.ts';
import { serveUi, uiDir } from './ui-static.ts';
import { allCommands, allRestorers, allSettings, modules } from './commands.ts';
import type { ServerOptions } from './config/server-options.ts';
import { openDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { bootstrapIdentity, createDirectory } from './identity/index.ts';
import { setDataKey } from './identity/data-key.ts';
import { SecretBox } from './identity/secrets.ts';
import { recordOutcome, dispatch, type ApiRequest } from './kernel/dispatch.ts';
import { parseFaults } from './kernel/faults.ts';
import { JobRunner } from './kernel/jobs.ts';
import type { Kernel } from './kernel/kernel.ts';
import type { RawParams } from './kernel/params.ts';
import { CommandRegistry } from './kernel/registry.ts';
import { Sessions } from './kernel/sessions.ts';
import { Settings } from './kernel/settings-store.ts';

export interface RunningServer {
  kernel: Kernel;
  api: ReturnType<typeof buildHttp>;
  integration?: ReturnType<typeof buildHttp>;
  url: string;
  /** The agent endpoint's port, when it listens. */
  agentPort?: number;
  adminPassword?: string;
  close(): Promise<void>;
}

/** A stable id per data directory, so that after a restart the server recognises the jobs it owned. */
function serverIdFor(dataDir: string): string {
  const file = join(dataDir, 'server-id');
  if (!existsSync(file)) writeFileSync(file, randomUUID() + '\n');
  return readFileSync(file, 'utf8').trim();
}

export async function startServer(o: ServerOptions, log: Logger = pino({ level: o.logLevel })): Promise<RunningServer> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const serverId = serverIdFor(o.dataDir);
  setDataKey(SecretBox.fromFile(join(o.dataDir, 'data.key')));
  const handle: DatabaseHandle = openDatabase(o.db);
  log.info({ db: handle.describe, serverId }, 'opening database');
  await migrate(handle.db);
  const boot = await bootstrapIdentity(handle.db, o.dataDir, o.adminPassword);
  for (const m of modules) await m.bootstrap?.(handle.db);

  const settings = new Settings(handle.db, allSettings);
  const registry = new CommandRegistry(allCommands);
  const kernel: Kernel = {
    db: handle.db,
    capabilities: handle.capabilities,
    log,
    settings,
    registry,
    directory: createDirectory(handle.db),
    sessions: new Sessions(handle.db),
    serverId,
    jobs: undefined as unknown as JobRunner,
  };
  kernel.jobs = new JobRunner({
    db: handle.db,
    log,
    settings,
    serverId,
    faults: parseFaults(o.faults),
    restorers: allRestorers,
    onFinish: async (decl, ctx, error) => {
      if (decl.event) await recordOutcome(kernel, decl, ctx, error);
    },
  });
  const recovered = await kernel.jobs.recover();
  if (recovered > 0) log.warn({ recovered }, 'failed async jobs left unfinished by a previous run');
  kernel.jobs.start();
  const stops: Array<() => Promise<void>> = [];
  for (const m of modules) if (m.start) stops.push(await m.start(kernel));

  const api = buildHttp(kernel, log, false);
  api.get('/templates/:file', templateFiles(o.dataDir));
  await api.register(uploadRoutes(kernel, o.dataDir));
  api.get('/client/download/:token', downloadRoute(log));
  await serveUi(api, uiDir());
  await api.register(websocket);
  await api.register(async (scope) => {
    scope.get('/client/console', { websocket: true }, consoleProxy(log));
  });
  await api.listen({ port: o.port, host: o.host });
  let integration: ReturnType<typeof buildHttp> | undefined;
  if (o.integrationPort > 0) {
    integration = buildHttp(kernel, log, true);
    integration.get('/client/download/:token', downloadRoute(log));
    await integration.listen({ port: o.integrationPort, host: '127.0.0.1' });
    log.warn({ port: o.integrationPort }, 'integration API port is open on 127.0.0.1: requests run as the system user without authentication');
  }
  const agentEndpoint = o.agentPort > 0 ? await startAgentEndpoint(handle.db, log, { host: o.agentHost, port: o.agentPort, tls: agentTls(o.dataDir) }) : undefined;
  const address = api.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const url = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}/client/api`;
  let closed = false;
  return {
    kernel,
    api,
    integration,
    url,
    agentPort: agentEndpoint?.port,
    adminPassword: boot.adminPassword,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([api.close(), integration?.close(), agentEndpoint?.close()]);
      for (const stop of stops) await stop();
      await kernel.jobs.stop(10_000);
      await handle.close();
    },
  };
}

function buildHttp(kernel: Kernel, log: Logger, integration: boolean) {
  const app = Fastify({
    loggerInstance: log.child({ port: integration ? 'integration' : 'api' }),
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const params = collectParams(req);
    const apiReq: ApiRequest = { params, cookies: parseCookies(req.headers.cookie), integration, requestId: req.id, log: req.log as Logger, origin: `${req.protocol}://${req.host}` };
    const res = await dispatch(kernel, apiReq);
    for (const c of res.cookies) {
      const attrs = ['Path=/client', 'SameSite=Lax'];
      if (c.httpOnly) attrs.push('HttpOnly');
      if (c.maxAge !== undefined) attrs.push(`Max-Age=${c.maxAge}`);
      reply.header('set-cookie', [...((reply.getHeader('set-cookie') as string[] | undefined) ?? []), `${c.name}=${encodeURIComponent(c.value)}; ${attrs.join('; ')}`]);
    }
    reply.code(res.status).header('content-type', res.contentType).send(res.body);
  };
  app.get('/client/api', handler);
  app.post('/client/api', handler);
  app.get('/client/api/', handler);
  app.post('/client/api/', handler);
  return app;
}

/** The query string and a form body, decoded (`+` as space), in wire order: the signature is checked over these. */
function collectParams(req: FastifyRequest): RawParams {
  const out: RawParams = [];
  const q = req.url.indexOf('?');
  if (q >= 0) for (const [k, v] of new URLSearchParams(req.url.slice(q + 1))) out.push([k, v]);
  if (typeof req.body === 'string') for (const [k, v] of new URLSearchParams(req.body)) out.push([k, v]);
  return out;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) {
      try {
        out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        // A malformed cookie is ignored, as browsers do.
      }
    }
  }
  return out;
}
