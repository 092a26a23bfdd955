import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { openConsole } from '../agents/index.ts';

interface ConsoleGrant {
  vmId: string;
  hostId: string;
  instanceName: string;
  expires: number;
}

/** Issued console tokens: short-lived and good for one session (a URL that leaks is soon worth nothing). */
const grants = new Map<string, ConsoleGrant>();

export function grantConsole(g: Omit<ConsoleGrant, 'expires'>, ttlSeconds: number): string {
  const now = Date.now();
  for (const [t, old] of grants) if (old.expires < now) grants.delete(t);
  const token = randomBytes(24).toString('base64url');
  grants.set(token, { ...g, expires: now + ttlSeconds * 1000 });
  return token;
}

function takeGrant(token: string | undefined): ConsoleGrant | undefined {
  if (!token) return undefined;
  const g = grants.get(token);
  grants.delete(token);
  return g && g.expires >= Date.now() ? g : undefined;
}

/**
 * The console proxy (`/client/console?token=`, WebSocket, as noVNC speaks it): a valid token joins the browser to
 * the guest's VNC through the agent of the guest's host. A wrong, used or expired token closes the socket at once.
 */
export function consoleProxy(log: Logger) {
  return (socket: WebSocket, req: FastifyRequest) => {
    const token = new URL(req.url, 'http://x').searchParams.get('token') ?? undefined;
    const grant = takeGrant(token);
    if (!grant) {
      socket.close(4401, 'invalid or expired console token');
      return;
    }
    const stream = openConsole(grant.hostId, grant.instanceName, {
      data: (payload) => socket.send(payload),
      closed: (reason) => socket.close(1000, reason.slice(0, 120)),
    });
    if (!stream) {
      socket.close(4404, 'the VM\'s host is not connected to this management server');
      return;
    }
    log.info({ vmId: grant.vmId }, 'console session opened');
    socket.on('message', (data: Buffer) => stream.write(data));
    socket.on('close', () => stream.close());
  };
}
