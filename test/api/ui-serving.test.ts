import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** A GET with the path sent as written: fetch() would resolve `..` before the server could refuse it. */
function rawGet(port: number, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (r) => {
      let body = '';
      r.on('data', (d: Buffer) => (body += d.toString()));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

/** How a WebSocket to `path` ends: the console endpoint opens and closes with its own code; anything else fails to open. */
function websocketOutcome(port: number, path: string): Promise<string> {
  return new Promise((res) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    let opened = false;
    ws.onopen = () => (opened = true);
    ws.onerror = () => (opened ? undefined : res('error'));
    ws.onclose = (e) => res(opened ? `closed ${e.code}` : 'error');
  });
}

// Serving does not touch the database: SQLite alone.
describe('the web UI at /client/', () => {
  let base: string;
  let ui: string;
  let server: TestServer;
  let unbuiltDir: string;
  let unbuilt: TestServer;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'nimbus-ui-'));
    ui = join(base, 'dist');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><html><body><div id="root">nimbus-ui-fixture</div><script type="module" src="/client/assets/index-abc123.js"></script></body></html>');
    writeFileSync(join(ui, 'assets', 'index-abc123.js'), 'console.log("nimbus-ui-asset")');
    writeFileSync(join(ui, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // Beside the UI's root, where a traversal would land.
    writeFileSync(join(base, 'secret.txt'), 'nimbus-ui-secret');
    unbuiltDir = join(base, 'not-built');
    [server, unbuilt] = await Promise.all([startTestServer({ env: { NIMBUS_UI_DIR: ui } }), startTestServer({ env: { NIMBUS_UI_DIR: unbuiltDir } })]);
  });
  after(async () => {
    await Promise.all([server?.stop(), unbuilt?.stop()]);
    rmSync(base, { recursive: true, force: true });
  });

  it('answers index.html at /client/ and /client, revalidated on every load', async () => {
    for (const path of ['/client/', '/client']) {
      const r = await rawGet(server.port, path);
      assert.equal(r.status, 200, `${path}: ${r.body}`);
      assert.match(String(r.headers['content-type']), /^text\/html/);
      assert.match(r.body, /nimbus-ui-fixture/);
      assert.equal(r.headers['cache-control'], 'no-cache');
    }
  });

  it('serves hashed assets with a year-long immutable cache, other files revalidated, unknown files 404', async () => {
    const asset = await rawGet(server.port, '/client/assets/index-abc123.js');
    assert.equal(asset.status, 200);
    assert.match(String(asset.headers['content-type']), /javascript/);
    assert.equal(asset.body, 'console.log("nimbus-ui-asset")');
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    const icon = await rawGet(server.port, '/client/favicon.svg');
    assert.equal(icon.status, 200);
    assert.equal(icon.headers['cache-control'], 'no-cache');
    assert.equal((await rawGet(server.port, '/client/assets/missing-000.js')).status, 404);
  });

  it('keeps /client/api and /client/console ahead of the UI', async () => {
    const anonymous = await rawGet(server.port, '/client/api?command=listZones&response=json');
    assert.equal(anonymous.status, 401, anonymous.body);
    assert.match(String(anonymous.headers['content-type']), /json/);
    const session = new ApiClient(server.url);
    assert.equal((await session.login('admin', server.adminPassword)).status, 200);
    assert.ok(Array.isArray((await session.ok('listApis', { name: 'listZones' })).api));
    assert.equal((await rawGet(server.port, '/client/api/?command=listZones&response=json')).status, 401);
    // The console endpoint accepts the WebSocket and refuses the token with its own close code.
    assert.equal(await websocketOutcome(server.port, '/client/console?token=not-a-token'), 'closed 4401');
  });

  it('refuses paths that leave the UI directory', async () => {
    for (const path of ['/client/../secret.txt', '/client/assets/../../secret.txt', '/client/%2e%2e/secret.txt', '/client/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/client/..%5csecret.txt', '/client//etc/passwd', '/client/%2fetc%2fpasswd']) {
      const r = await rawGet(server.port, path);
      assert.notEqual(r.status, 200, `${path} was served`);
      assert.doesNotMatch(r.body, /nimbus-ui-secret|root:/, path);
    }
  });

  it('says to run npm run build:ui when there is no build, and serves one made while it runs', async () => {
    const r = await rawGet(unbuilt.port, '/client/');
    assert.equal(r.status, 503);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.match(r.body, /npm run build:ui/);
    assert.equal((await rawGet(unbuilt.port, '/client/api?command=listZones&response=json')).status, 401);
    mkdirSync(unbuiltDir);
    writeFileSync(join(unbuiltDir, 'index.html'), '<!doctype html><title>built later</title>');
    const later = await rawGet(unbuilt.port, '/client');
    assert.equal(later.status, 200);
    assert.match(later.body, /built later/);
  });
});
