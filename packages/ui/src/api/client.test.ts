import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, createApiClient } from './client.ts';
import { callAsync } from './jobs.ts';
import { listApiNames, login, logout, storageSessionStore } from './session.ts';

interface Sent {
  command: string;
  params: URLSearchParams;
}

// A fake /client/api: answers from a table of command -> [status, body]; records what was sent.
function fakeServer(answers: Record<string, Array<[number, unknown]>>) {
  const sent: Sent[] = [];
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    const params = new URLSearchParams(init?.body as URLSearchParams);
    const command = params.get('command') ?? '';
    sent.push({ command, params });
    const queue = answers[command];
    assert.ok(queue !== undefined && queue.length > 0, `unexpected call ${command}`);
    const [status, body] = queue.length > 1 ? (queue.shift() as [number, unknown]) : queue[0];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { sent, fetchImpl };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

test('a call posts the form with response=json and the session key, and answers the response object', async () => {
  const server = fakeServer({ listZones: [[200, { listzonesresponse: { count: 1, zone: [{ name: 'z1' }] } }]] });
  const client = createApiClient({ url: '/client/api', fetch: server.fetchImpl });
  client.setSessionKey('key-1');
  const answer = await client.call('listZones', { available: true, keyword: '', name: undefined });
  assert.deepEqual(answer, { count: 1, zone: [{ name: 'z1' }] });
  const params = Object.fromEntries(server.sent[0].params);
  assert.deepEqual(params, { command: 'listZones', response: 'json', available: 'true', sessionkey: 'key-1' });
});

test('an error answer throws its errortext and errorcode; a 401 with a session reports the expiry', async () => {
  let expired = 0;
  const server = fakeServer({
    startVirtualMachine: [[431, { startvirtualmachineresponse: { errorcode: 431, errortext: 'Invalid parameter id' } }]],
    listVirtualMachines: [[401, { listvirtualmachinesresponse: { errorcode: 401, errortext: 'unable to verify user credentials' } }]],
  });
  const client = createApiClient({ url: '/client/api', fetch: server.fetchImpl, onExpired: () => expired++ });
  client.setSessionKey('key-1');
  await assert.rejects(client.call('startVirtualMachine', { id: 'x' }), (err: ApiError) => {
    assert.equal(err.message, 'Invalid parameter id');
    assert.equal(err.errorcode, 431);
    return true;
  });
  assert.equal(expired, 0);
  await assert.rejects(client.call('listVirtualMachines'), /unable to verify user credentials/);
  assert.equal(expired, 1);
});

test('a failed login is not a session expiry', async () => {
  let expired = 0;
  const server = fakeServer({ login: [[401, { loginresponse: { errorcode: 401, errortext: 'Failed to authenticate user a' } }]] });
  const client = createApiClient({ url: '/client/api', fetch: server.fetchImpl, onExpired: () => expired++ });
  const store = storageSessionStore(memoryStorage());
  await assert.rejects(login(client, store, { username: 'a', password: 'b', domain: '/' }), /Failed to authenticate user a/);
  assert.equal(expired, 0);
  assert.equal(store.load(), undefined);
  assert.equal(client.hasSession(), false);
});

test('login keeps the session key in the store; logout forgets it even when the server already did', async () => {
  const server = fakeServer({
    login: [[200, { loginresponse: { sessionkey: 'k9', username: 'alice', account: 'alice', domainid: 'd', userid: 'u', type: '0' } }]],
    listApis: [[200, { listapisresponse: { count: 2, api: [{ name: 'listZones' }, { name: 'login' }] } }]],
    logout: [[401, { logoutresponse: { errorcode: 401, errortext: 'session gone' } }]],
  });
  const client = createApiClient({ url: '/client/api', fetch: server.fetchImpl });
  const store = storageSessionStore(memoryStorage());
  const session = await login(client, store, { username: 'alice', password: 'pw', domain: '/' });
  assert.equal(server.sent[0].params.get('sessionkey'), null, 'login carries no session key');
  assert.equal(server.sent[0].params.get('domain'), '/');
  assert.deepEqual(store.load(), session);
  assert.deepEqual([...(await listApiNames(client))], ['listZones', 'login']);
  assert.equal(server.sent[1].params.get('sessionkey'), 'k9');
  await assert.rejects(logout(client, store), /session gone/);
  assert.equal(store.load(), undefined);
  assert.equal(client.hasSession(), false);
});

test('an async command is followed to its result, reporting progress', async () => {
  const server = fakeServer({
    deployVirtualMachine: [[200, { deployvirtualmachineresponse: { jobid: 'j1', id: 'vm1' } }]],
    queryAsyncJobResult: [
      [200, { queryasyncjobresultresponse: { jobid: 'j1', jobstatus: 0, jobprocstatus: 40 } }],
      [200, { queryasyncjobresultresponse: { jobid: 'j1', jobstatus: 1, jobresult: { virtualmachine: { state: 'Running' } } } }],
    ],
  });
  const client = createApiClient({ url: '/client/api', fetch: server.fetchImpl });
  const progress: number[] = [];
  const result = await callAsync(client, 'deployVirtualMachine', { name: 'v' }, {
    onProgress: (p) => progress.push(p),
    sleep: async () => undefined,
  });
  assert.deepEqual(result, { virtualmachine: { state: 'Running' } });
  assert.deepEqual(progress, [40, 100]);
  assert.equal(server.sent[1].params.get('jobid'), 'j1');
});

test("a failed job throws the job's errortext", async () => {
  const server = fakeServer({
    stopVirtualMachine: [[200, { stopvirtualmachineresponse: { jobid: 'j2' } }]],
    queryAsyncJobResult: [[200, { queryasyncjobresultresponse: { jobstatus: 2, jobresult: { errorcode: 530, errortext: 'host is down' } } }]],
  });
  const client = createApiClient({ url: '/client/api', fetch: server.fetchImpl });
  await assert.rejects(callAsync(client, 'stopVirtualMachine', { id: 'x' }), (err: ApiError) => {
    assert.equal(err.message, 'host is down');
    assert.equal(err.errorcode, 530);
    return true;
  });
});

test('an unreachable server is an ApiError that says so', async () => {
  const client = createApiClient({
    url: '/client/api',
    fetch: (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch,
  });
  await assert.rejects(client.call('listZones'), /Cannot reach the management server: fetch failed/);
});
