import { renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { GuestData } from '@nimbus/protocol';
import { metadataAnswer, passwordAnswer, type Answer } from './answers.ts';
import { readIfExists } from '../process.ts';
import { guestFile, savedFile } from './files.ts';

// The guest-facing HTTP of one network, served by the host's metadata daemon from the network's data dir. The guest
// files are read at every request, so the agent updates them without telling the daemon.

/** The data of the guest the request came from; only a dotted IPv4 source names a file. */
function sourceGuest(dir: string, req: IncomingMessage): { ip: string; guest: GuestData | undefined } {
  const ip = req.socket.remoteAddress ?? '';
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return { ip, guest: undefined };
  const json = readIfExists(guestFile(dir, ip));
  return { ip, guest: json === undefined ? undefined : (JSON.parse(json) as GuestData) };
}

function reply(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

function httpServer(handle: (req: IncomingMessage) => Answer): Server {
  return createServer((req, res) => {
    try {
      reply(res, handle(req));
    } catch (err) {
      console.error(`${req.method} ${req.url} from ${req.socket.remoteAddress}: ${(err as Error).message}`);
      reply(res, { status: 500, body: 'internal error\n' });
    }
  });
}

/** Port 80: cloud-init's user-data and meta-data. */
export const metadataHttp = (dir: string): Server => httpServer((req) => metadataAnswer(sourceGuest(dir, req).guest, req.method ?? '', req.url ?? ''));

/** Port 8080: CloudStack's password server; a password is handed out until the guest says it saved it. */
export const passwordHttp = (dir: string): Server =>
  httpServer((req) => {
    const { ip, guest } = sourceGuest(dir, req);
    const saved = guest ? readIfExists(savedFile(dir, ip))?.trim() : undefined;
    const answer = passwordAnswer(guest, req.headers['domu_request']?.toString(), saved);
    if (answer.save !== undefined) {
      // Persisted before the answer: a restart must never hand out a password the guest said it saved.
      const file = savedFile(dir, ip);
      writeFileSync(`${file}.tmp`, `${answer.save}\n`);
      renameSync(`${file}.tmp`, file);
    }
    return answer;
  });
