import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One API call as the client sent it (query and form parameters, in wire order) and as the server answered it. */
export interface Recorded {
  method: string;
  params: [string, string][];
  status: number;
  body: string;
  /** performance.now() when the request reached the proxy, and when its answer was sent back. */
  start: number;
  end: number;
  /** Milliseconds the emulator took, from forwarding the request to the end of its answer. */
  upstreamMs: number;
}

export interface RecordingProxy {
  url: string;
  records: Recorded[];
  close(): Promise<void>;
}

const readAll = async (stream: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/** An HTTP proxy in front of `upstream` (`http://host:port/client/api`) recording every call passing through. */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const records: Recorded[] = [];
  const server = createServer((req, res) => {
    const start = performance.now();
    void (async () => {
      const body = await readAll(req);
      const path = new URL(req.url ?? '/', 'http://proxy');
      const params = [...path.searchParams.entries()];
      if (String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) params.push(...new URLSearchParams(body.toString()).entries());
      const headers = { ...req.headers, host: target.host };
      const forwarded = performance.now();
      const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
        const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent }, (r) => {
          readAll(r).then((b) => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: b }), reject);
        });
        up.once('error', reject);
        up.end(body);
      });
      const upstreamMs = performance.now() - forwarded;
      res.writeHead(answer.status, answer.headers);
      const record: Recorded = { method: req.method ?? 'GET', params, status: answer.status, body: answer.body.toString(), start, end: 0, upstreamMs };
      records.push(record);
      res.end(answer.body, () => (record.end = performance.now()));
    })().catch((e: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bench proxy: ${String(e)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    records,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
