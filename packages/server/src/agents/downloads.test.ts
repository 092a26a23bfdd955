import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Fastify from 'fastify';
import pino from 'pino';
import { downloadRoute, grantDownload } from './downloads.ts';
import { gateway } from './runtime.ts';
import type { FileSink } from './transport.ts';

describe('the download route', () => {
  const app = Fastify();
  app.get('/client/download/:token', downloadRoute(pino({ level: 'silent' }), { startTimeoutMs: 200 }));
  const sinks = new Map<string, FileSink>();
  let cancelled = 0;
  // A host whose agent answers only when the test says so.
  gateway.attach('h-test', 'slow-host', {
    send: () => ({ ok: true }) as never,
    openFile: (_hostId: string, file: { path: string }, sink: FileSink) => {
      sinks.set(file.path, sink);
      return { cancel: () => cancelled++ };
    },
  } as never);
  after(async () => {
    gateway.detach('h-test');
    await app.close();
  });
  const link = (path: string) => `/client/download/${grantDownload({ hostId: 'h-test', file: { path, virtualSizeBytes: 1 }, name: 'vol' }, 60).token}`;

  it('streams what the host sends, with its size and a file name', async () => {
    const url = link('/pool/a.qcow2');
    const answer = app.inject({ method: 'GET', url });
    for (let i = 0; i < 50 && !sinks.has('/pool/a.qcow2'); i++) await new Promise((r) => setTimeout(r, 10));
    const sink = sinks.get('/pool/a.qcow2') as FileSink;
    sink.start(5);
    sink.data(Buffer.from('hello'), () => {});
    sink.end();
    const res = await answer;
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-length'], '5');
    assert.match(String(res.headers['content-disposition']), /filename="vol\.qcow2"/);
    assert.equal(res.body, 'hello');
  });

  it('gives up with 504 when the host never starts sending, and a late start changes nothing', async () => {
    const res = await app.inject({ method: 'GET', url: link('/pool/b.qcow2') });
    assert.equal(res.statusCode, 504);
    assert.match(res.body, /did not start sending the file within 0.2 s/);
    assert.equal(cancelled, 1, 'the stream is cancelled at the host');
    const late = sinks.get('/pool/b.qcow2') as FileSink;
    late.start(5);
    late.end();
  });

  it('says 404 for a link never issued', async () => {
    const res = await app.inject({ method: 'GET', url: '/client/download/nonsense' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /No such download link/);
  });
});
