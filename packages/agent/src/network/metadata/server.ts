import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { GuestData } from '@nimbus/protocol';
import { checkIpv4 } from '../router.ts';
import { metadataAnswer, passwordAnswer, type Answer } from './answers.ts';
import { guestFile, savedFile } from './files.ts';

// The router's data service, a process of its own in the router namespace (started by service.ts):
// `server.ts <dir> <gateway>`. It reads the guest files at every request, so the agent updates them without a restart.

const [dir, gateway] = process.argv.slice(2);
if (!dir || !gateway) throw new Error('usage: server.ts <data dir> <gateway address>');
checkIpv4('gateway', gateway);

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The data of the guest the request came from; only a dotted IPv4 source names a file. */
function sourceGuest(req: IncomingMessage): { ip: string; guest: GuestData | undefined } {
  const ip = req.socket.remoteAddress ?? '';
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return { ip, guest: undefined };
  const json = readOrUndefined(guestFile(dir, ip));
  return { ip, guest: json === undefined ? undefined : (JSON.parse(json) as GuestData) };
}

function reply(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

function serve(port: number, handle: (req: IncomingMessage) => Answer): Promise<void> {
  const server = createServer((req, res) => {
    try {
      reply(res, handle(req));
    } catch (err) {
      console.error(`${req.method} ${req.url} from ${req.socket.remoteAddress}: ${(err as Error).message}`);
      reply(res, { status: 500, body: 'internal error\n' });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, gateway, () => resolve());
  });
}

await serve(80, (req) => metadataAnswer(sourceGuest(req).guest, req.method ?? '', req.url ?? ''));
await serve(8080, (req) => {
  const { ip, guest } = sourceGuest(req);
  const saved = guest ? readOrUndefined(savedFile(dir, ip))?.trim() : undefined;
  const answer = passwordAnswer(guest, req.headers['domu_request']?.toString(), saved);
  if (answer.save !== undefined) {
    // Persisted before the answer: a restart must never hand out a password the guest said it saved.
    const file = savedFile(dir, ip);
    writeFileSync(`${file}.tmp`, `${answer.save}\n`);
    renameSync(`${file}.tmp`, file);
  }
  return answer;
});
console.error(`serving ${dir} on ${gateway}:80 and ${gateway}:8080`);
