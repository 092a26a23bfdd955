import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { gateway } from './runtime.ts';
import type { FileRef } from './transport.ts';

/** What a download URL gives: a file on a host that reaches its pool (as PrepareDownload answered it). */
export interface DownloadGrant {
  hostId: string;
  file: FileRef;
  /** The file name the browser saves it under, without the extension. */
  name: string;
  /** Checked again at each fetch: a reason the file may not be served now (a volume attached to a running VM since). */
  recheck?: () => Promise<string | undefined>;
}

interface Issued extends DownloadGrant {
  expires: number;
}

/** Expired links are still recognised this long, to answer 410 rather than 404. */
const REMEMBER_EXPIRED_MS = 86_400_000;
const issued = new Map<string, Issued>();

/**
 * A download URL's token: valid `ttlSeconds` and for any number of fetches until then (a browser or `curl -C` may
 * retry), as CloudStack's extract URLs are; 24 random bytes, so a URL cannot be guessed.
 */
export function grantDownload(grant: DownloadGrant, ttlSeconds: number): { token: string; expires: Date } {
  const now = Date.now();
  for (const [t, old] of issued) if (old.expires + REMEMBER_EXPIRED_MS < now) issued.delete(t);
  const token = randomBytes(24).toString('base64url');
  const expires = now + ttlSeconds * 1000;
  issued.set(token, { ...grant, expires });
  return { token, expires: new Date(expires) };
}

function fileName(name: string): string {
  return `${name.replace(/[^\w.-]+/g, '_').slice(0, 200) || 'download'}.qcow2`;
}

/**
 * `GET /client/download/<token>`: streams the file from the host's agent (its WebSocket, no staging copy) with its
 * Content-Length; the agent sends more only as the client takes it. Unknown tokens are 404, expired ones 410, both
 * with a line of text a person can read.
 */
export function downloadRoute(log: Logger, o: { startTimeoutMs?: number } = {}) {
  // How long the host may take to open the file and say its size, before the fetch fails with 504.
  const startTimeoutMs = o.startTimeoutMs ?? 60_000;
  return async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
    const grant = issued.get(req.params.token);
    const text = (status: number, body: string) => reply.code(status).type('text/plain; charset=utf-8').send(`${body}\n`);
    if (!grant) return text(404, 'No such download link: it was never issued by this management server, or the server restarted since. Extract the volume or template again.');
    if (grant.expires < Date.now()) return text(410, `This download link expired at ${new Date(grant.expires).toISOString()}. Extract the volume or template again for a new one.`);
    const refused = await grant.recheck?.();
    if (refused) return text(409, refused);
    const res = reply.raw;
    let started = false;
    let finished = false;
    let startTimer: ReturnType<typeof setTimeout> | undefined;
    const fail = (why: string, status = 502) => {
      finished = true;
      clearTimeout(startTimer);
      log.warn({ hostId: grant.hostId, path: grant.file.path, reason: why }, 'download failed');
      if (!started) void text(status, `The download failed: ${why}`);
      // Headers are out: cutting the connection short is how the client learns the file is incomplete.
      else res.destroy();
    };
    let stream;
    try {
      stream = gateway.openFile(grant.hostId, grant.file, {
        start(sizeBytes) {
          if (finished) return;
          started = true;
          clearTimeout(startTimer);
          reply.hijack();
          res.writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-length': String(sizeBytes),
            'content-disposition': `attachment; filename="${fileName(grant.name)}"`,
            'cache-control': 'no-store',
          });
        },
        data(payload, passedOn) {
          if (finished) return;
          if (res.write(payload)) passedOn();
          else res.once('drain', passedOn);
        },
        end(reason) {
          if (finished) return;
          if (reason) return fail(reason);
          finished = true;
          res.end();
        },
      });
    } catch (e) {
      clearTimeout(startTimer);
      return text(502, `The download failed: ${(e as Error).message}`);
    }
    const opened = stream;
    // A host that never answers must not hold the request open for ever.
    startTimer = setTimeout(() => {
      opened.cancel();
      fail(`host ${grant.hostId} did not start sending the file within ${startTimeoutMs / 1000} s`, 504);
    }, startTimeoutMs);
    res.on('close', () => {
      if (!finished) stream.cancel();
    });
    return reply;
  };
}
