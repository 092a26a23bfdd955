import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { verifySignature } from '@nimbus/server/signature';
import type { Recorded } from './proxy.ts';
import { replay, replaySteps } from './replay.ts';

const keys = { apiKey: 'k', secretKey: 's' };

/** A recorded call: what libcloud sent (signed with other values) and what the first emulator answered. */
const rec = (params: Record<string, string>, answer: Record<string, unknown>, status = 200): Recorded => ({
  method: 'GET',
  params: Object.entries({ ...params, response: 'json', apiKey: keys.apiKey, signature: 'recorded' }),
  status,
  body: JSON.stringify({ [`${params.command.toLowerCase()}response`]: answer }),
  start: 0,
  end: 0,
  upstreamMs: 0,
});

// The recording: ids of the first emulator; three polls of one job; a list whose order differs on the replay's side.
const recording = [
  rec({ command: 'listZones' }, { count: 1, zone: [{ id: 'rec-zone', name: 'Sandbox-simulator' }] }),
  rec({ command: 'deployVirtualMachine', zoneid: 'rec-zone' }, { jobid: 'rec-job', id: 'rec-vm' }),
  rec({ command: 'queryAsyncJobResult', jobid: 'rec-job' }, { jobstatus: 0 }),
  rec({ command: 'queryAsyncJobResult', jobid: 'rec-job' }, { jobstatus: 0 }),
  rec({ command: 'queryAsyncJobResult', jobid: 'rec-job' }, { jobstatus: 1, jobresult: { virtualmachine: { id: 'rec-vm', name: 'vm' } } }),
  rec({ command: 'associateIpAddress', zoneid: 'rec-zone' }, { id: 'rec-new-ip' }),
  rec({ command: 'listPublicIpAddresses' }, { count: 2, publicipaddress: [{ id: 'rec-snat-ip' }, { id: 'rec-new-ip' }] }),
  rec({ command: 'disassociateIpAddress', id: 'rec-snat-ip' }, { success: true }),
];

/** The replay's emulator: other ids, a job that is done on the second poll, the addresses listed the other way round. */
let server: Server;
let url: string;
const seen: Record<string, string>[] = [];
before(async () => {
  let polls = 0;
  server = createServer((req, res) => {
    const q = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    const { signature, ...signed } = q;
    seen.push(q);
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ [`${q.command.toLowerCase()}response`]: body }));
    };
    if (!verifySignature(Object.entries(signed), signature, keys.secretKey)) return answer(401, { errorcode: 401, errortext: 'signature' });
    const need = (name: string, value: string) => q[name] === value || (answer(431, { errorcode: 431, errortext: `${name}=${q[name]}` }), false);
    switch (q.command) {
      case 'listZones': return answer(200, { count: 1, zone: [{ id: 'zone', name: 'Sandbox-simulator' }] });
      case 'deployVirtualMachine': return need('zoneid', 'zone') && answer(200, { jobid: 'job', id: 'vm' });
      case 'queryAsyncJobResult': return need('jobid', 'job') && answer(200, ++polls < 2 ? { jobstatus: 0 } : { jobstatus: 1, jobresult: { virtualmachine: { id: 'vm', name: 'vm' } } });
      case 'associateIpAddress': return need('zoneid', 'zone') && answer(200, { id: 'new-ip' });
      case 'listPublicIpAddresses': return answer(200, { count: 2, publicipaddress: [{ id: 'new-ip' }, { id: 'snat-ip' }] });
      case 'disassociateIpAddress': return need('id', 'snat-ip') && answer(200, { success: true });
      default: return answer(432, { errorcode: 432, errortext: 'unknown' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a run of polls of one job is one step; another job or another call starts a new one', () => {
  const other = rec({ command: 'queryAsyncJobResult', jobid: 'rec-other' }, { jobstatus: 1 });
  const steps = replaySteps([...recording.slice(1, 5), other]);
  assert.deepEqual(steps.map((s) => s.kind), ['call', 'wait', 'wait']);
  assert.equal(steps[1].kind === 'wait' && steps[1].last, recording[4]);
});

test('the replay signs again, carries the replay\'s ids (list items by id, not by place) and polls until done', async () => {
  const r = await replay(recording, url, keys);
  assert.deepEqual(r.mismatches, []);
  assert.deepEqual(r.conflicts, []);
  assert.equal(r.polls, 2, 'three recorded polls, the replay\'s job done on its second');
  assert.equal(r.calls, 7);
  assert.equal(seen.at(-1)?.id, 'snat-ip');
  assert.ok(seen.every((q) => q.apiKey === keys.apiKey && q.signature !== 'recorded'));
});

test('a call answered otherwise than in the recording is reported', async () => {
  const r = await replay([rec({ command: 'disassociateIpAddress', id: 'rec-unknown' }, { success: true })], url, keys);
  assert.equal(r.mismatches.length, 1);
  assert.match(r.mismatches[0], /^disassociateIpAddress: recorded HTTP 200, replay 431/);
});
