import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Logger } from 'pino';

/** The built web UI: NIMBUS_UI_DIR when set (tests serve a fixture), else this checkout's packages/ui/dist. */
export function uiDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.NIMBUS_UI_DIR || join(import.meta.dirname, '../../ui/dist'));
}

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nimbus</title></head>
<body><h1>Nimbus</h1><p>The web UI is not built. In the checkout, run <code>npm run build:ui</code>
(<code>npm start</code> does it) and reload this page. The API answers at <a href="/client/api">/client/api</a>.</p></body></html>
`;

/**
 * Serves the UI at /client/ next to /client/api and /client/console (find-my-way prefers their exact routes to the
 * wildcard). Files are looked up per request, so a UI built while the server runs is served without a restart.
 * Vite names everything under assets/ by its content hash: those are cached for a year; index.html is revalidated
 * so that a new build reaches browsers at once.
 */
export async function serveUi(app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>, dir: string): Promise<void> {
  const assets = join(dir, 'assets') + sep;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/client/',
    index: false,
    // The missing-UI page says what to do; a warning in the log at every start would only repeat it.
    suppressWarning: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const index = async (_req: FastifyRequest, reply: FastifyReply) => {
    if (existsSync(join(dir, 'index.html'))) return reply.sendFile('index.html');
    return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(notBuilt);
  };
  app.get('/client', index);
  app.get('/client/', index);
}
