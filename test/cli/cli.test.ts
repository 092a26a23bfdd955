import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient } from '../support/client.ts';
import { freePort, repoRoot, startTestServer, type TestServer } from '../support/server.ts';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `bin/nimbus` as a user runs it, with its own HOME and configuration file, and none of the caller's NIMBUS_*. */
function nimbusIn(home: string, extra: Record<string, string> = {}) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('NIMBUS_')) env[k] = v;
  Object.assign(env, { HOME: home, NIMBUS_CONFIG: join(home, 'nimbus.ini') }, extra);
  return (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const proc = spawn(join(repoRoot, 'bin/nimbus'), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
      proc.on('exit', (code) => resolve({ code, out, err }));
    });
}

function ok(r: Run): string {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.err}${r.out}`);
  return r.out;
}

/** A failure: the given exit code and exactly one line on stderr, never a stack trace. */
function fails(r: Run, code: number, line: RegExp): void {
  assert.equal(r.code, code, `exit ${r.code}: ${r.err}${r.out}`);
  const lines = r.err.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.err);
  assert.match(lines[0], line);
}

describe('nimbus CLI verbs against a management server', () => {
  let server: TestServer;
  let admin: ApiClient;
  let home: string;
  let nimbus: ReturnType<typeof nimbusIn>;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'nimbus-cli-'));
    nimbus = nimbusIn(home);
    server = await startTestServer();
    admin = await adminClient(server.url, server.adminPassword);
  });
  after(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('keeps a keys profile and a password profile in a 0600 file, and switches between them', async () => {
    for (const [k, v] of [['url', server.url], ['apikey', admin.apiKey], ['secretkey', admin.secretKey], ['profile', 'pw'], ['url', server.url], ['username', 'admin'], ['password', server.adminPassword], ['output', 'json']])
      ok(await nimbus('set', k as string, v as string));
    assert.equal(statSync(join(home, 'nimbus.ini')).mode & 0o777, 0o600);
    const profiles = ok(await nimbus('profiles'));
    assert.match(profiles, /^ {2}local .*\(api keys\)$/m);
    assert.match(profiles, /^\* pw .*\(user admin\)$/m);
    assert.doesNotMatch(profiles, new RegExp(server.adminPassword));
  });

  it('syncs listApis per profile; the first verb call of an unsynced profile syncs it', async () => {
    assert.match(ok(await nimbus('-p', 'local', 'sync')), /^\d+ commands synced for profile local\n$/);
    assert.ok(existsSync(join(home, 'cache', 'local.json')));
    assert.ok(!existsSync(join(home, 'cache', 'pw.json')));
    ok(await nimbus('create', 'zone', 'name=Zone One', 'networktype=Advanced', 'dns1=8.8.8.8', 'internaldns1=10.0.0.1'));
    assert.ok(existsSync(join(home, 'cache', 'pw.json')));
    const zones = JSON.parse(ok(await nimbus('list', 'zones', '-p', 'local'))) as { count: number; zone: Array<{ name: string }> };
    assert.equal(zones.count, 1);
    assert.equal(zones.zone[0].name, 'Zone One');
  });

  it('prints csv with filter, table and text', async () => {
    const csv = ok(await nimbus('list', 'accounts', 'filter=name,id', '-o', 'csv'));
    assert.match(csv, /^name,id\nadmin,[0-9a-f-]{36}\n$/);
    assert.match(ok(await nimbus('list', 'Zones', 'filter=name,networktype', '--output=table')), /^name\s+networktype\n-+\s+-+\nZone One\s+Advanced\n$/);
    assert.equal(ok(await nimbus('list', 'zones', 'filter=name', '-o', 'text')), 'name = Zone One\n');
  });

  it('waits for an async command with a progress line, or returns its job id with --async', async () => {
    const created = JSON.parse(ok(await nimbus('create', 'account', 'username=bob', 'password=Pass-1234', 'email=bob@example.com', 'firstname=Bob Smith', 'lastname=O', 'accounttype=0', 'filter=id,name'))) as { account: { id: string } };
    const r = await nimbus('disable', 'account', `id=${created.account.id}`, 'lock=false', 'filter=name,state');
    assert.deepEqual(JSON.parse(ok(r)), { account: { name: 'bob', state: 'disabled' } });
    assert.match(r.err, /^disableAccount: job [0-9a-f-]{36} started\ndisableAccount: job [0-9a-f-]{36} succeeded\n$/);
    const quick = await nimbus('-a', 'delete', 'account', `id=${created.account.id}`);
    const { jobid } = JSON.parse(ok(quick)) as { jobid: string };
    assert.equal(quick.err, '');
    assert.equal((await admin.waitForJob(jobid)).jobstatus, 1);
  });

  it('exits 1 with the errortext of a failed job', async () => {
    const root = ok(await nimbus('list', 'domains', 'name=ROOT', 'filter=id', '-o', 'csv')).split('\n')[1];
    const r = await nimbus('delete', 'domain', `id=${root}`);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^deleteDomain: job \S+ started\nnimbus: deleteDomain: The ROOT domain cannot be deleted \(531\)\n$/);
  });

  it('rejects bad parameters, unknown verbs and nouns before any call, exit 2', async () => {
    fails(await nimbus('list', 'zones', 'zoneidd=1'), 2, /^nimbus: listZones: unknown parameter 'zoneidd'/);
    fails(await nimbus('create', 'domain'), 2, /^nimbus: createDomain: missing required parameter name=$/);
    fails(await nimbus('lst', 'zones'), 2, /^nimbus: unknown verb 'lst'; did you mean 'list'\? \(verbs: .*\blist\b.*\)$/);
    fails(await nimbus('list', 'zonez'), 2, /^nimbus: unknown list noun 'zonez'; did you mean 'zones'\?/);
    fails(await nimbus('list', 'zones', '-o', 'xml'), 2, /^nimbus: unknown output format 'xml'/);
  });

  it('calls any command by name with api, and shows server errors as one line with the code', async () => {
    assert.equal(ok(await nimbus('api', 'listDomains', 'filter=name', '-o', 'text')), 'name = ROOT\n');
    // Far more than a pipe holds: the answer must come out whole before the process exits.
    const apis = JSON.parse(ok(await nimbus('list', 'apis'))) as { count: number; api: unknown[] };
    assert.ok(apis.count > 100);
    assert.equal(apis.api.length, apis.count);
    assert.match(ok(await nimbus('disable', 'account', '-h')), /^disableAccount \(async\): .*\n {2}lock= +\(required\)/);
    fails(await nimbus('api', 'queryAsyncJobResult', 'jobid=nope'), 1, /^nimbus: queryAsyncJobResult: .*not a valid UUID \(431\)$/);
    fails(await nimbus('api', 'noSuchCommand'), 1, /^nimbus: noSuchCommand: .*\(\d+\)$/);
  });

  it('says which URL refused the connection; the environment overrides the profile', async () => {
    const url = `http://127.0.0.1:${await freePort()}/client/api`;
    fails(await nimbusIn(home, { NIMBUS_URL: url })('-p', 'local', 'list', 'zones'), 1, new RegExp(`^nimbus: listZones: cannot reach ${url}: connection refused$`));
    // The current profile logs in with a password: the login is the call that cannot connect.
    fails(await nimbusIn(home, { NIMBUS_URL: url })('api', 'listZones'), 1, new RegExp(`^nimbus: login: cannot reach ${url}: connection refused$`));
    const fresh = mkdtempSync(join(home, 'fresh-'));
    fails(await nimbusIn(fresh, { NIMBUS_URL: url })('list', 'zones'), 2, /^nimbus: profile 'local' has no credentials/);
    const keys = { NIMBUS_URL: server.url, NIMBUS_API_KEY: admin.apiKey as string, NIMBUS_SECRET_KEY: admin.secretKey as string };
    assert.equal(ok(await nimbusIn(fresh, keys)('api', 'listZones', 'filter=name', '-o', 'csv')), 'name\nZone One\n');
  });

  it('gives up on a server that accepts but never answers, after NIMBUS_REQUEST_TIMEOUT seconds', async () => {
    const silent = createServer(() => {
      // Holds every connection open without a byte back, as a hung server does.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/client/api`;
      const env = { NIMBUS_URL: url, NIMBUS_API_KEY: 'k', NIMBUS_SECRET_KEY: 's', NIMBUS_REQUEST_TIMEOUT: '1' };
      fails(await nimbusIn(home, env)('api', 'listZones'), 1, new RegExp(`^nimbus: listZones: no answer from ${url} within 1 s`));
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('completes verbs, nouns and parameter names from the cache, and prints the bash script', async () => {
    assert.equal(ok(await nimbus('__complete', 'list', 'zo')), 'zones\n');
    assert.match(ok(await nimbus('__complete', 'deploy', 'virtualmachine', 'zone')), /^zoneid=$/m);
    assert.equal(ok(await nimbus('__complete', '-p', '')), 'local\npw\n');
    assert.match(ok(await nimbus('completion', 'bash')), /complete -F _nimbus nimbus/);
  });
});
