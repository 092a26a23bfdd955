import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sign, canonicalString } from '../../packages/server/src/kernel/signature.ts';
import { ApiClient, adminClient } from '../support/client.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

function cloudstackDate(d: Date): string {
  return `${d.toISOString().slice(0, 19)}+0000`;
}

/** Sends a request signed by hand, so a test can tamper with what is signed and what is sent. */
async function rawSigned(url: string, params: Record<string, string>, secret: string, tamper?: (p: Record<string, string>) => void) {
  const signature = sign(canonicalString(Object.entries(params)), secret);
  const sent = { ...params, signature };
  tamper?.(sent);
  const res = await fetch(`${url}?${new URLSearchParams(sent)}`);
  return { status: res.status, body: JSON.parse(await res.text()) };
}

for (const dialect of testDialects()) {
  describe(`authentication [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      server = await startTestServer({ dialect, integration: true });
      admin = await adminClient(server.url, server.adminPassword);
    });
    after(() => server?.stop());

    it('accepts a correctly signed request', async () => {
      const r = await admin.call('listAccounts');
      assert.equal(r.status, 200);
      assert.equal(r.body.count, 1);
      assert.equal(r.body.account[0].name, 'admin');
    });

    it('answers 401 for a wrong secret, a tampered parameter and a missing signature', async () => {
      const base = { command: 'listAccounts', response: 'json', apiKey: admin.apiKey as string };
      assert.equal((await rawSigned(server.url, base, 'not-the-secret')).status, 401);
      const tampered = await rawSigned(server.url, { ...base, name: 'admin' }, admin.secretKey as string, (p) => (p.name = 'system'));
      assert.equal(tampered.status, 401);
      assert.equal(tampered.body.listaccountsresponse.errorcode, 401);
      const unsigned = await fetch(`${server.url}?${new URLSearchParams(base)}`);
      assert.equal(unsigned.status, 401);
    });

    it('honours signatureversion=3 expiry, also against replay', async () => {
      const future = { command: 'listAccounts', response: 'json', apiKey: admin.apiKey as string, signatureversion: '3', expires: cloudstackDate(new Date(Date.now() + 2000)) };
      const signature = sign(canonicalString(Object.entries(future)), admin.secretKey as string);
      const url = `${server.url}?${new URLSearchParams({ ...future, signature })}`;
      assert.equal((await fetch(url)).status, 200);
      await new Promise((r) => setTimeout(r, 2500));
      const replay = await fetch(url);
      assert.equal(replay.status, 401);
      const past = { ...future, expires: cloudstackDate(new Date(Date.now() - 1000)) };
      assert.equal((await rawSigned(server.url, past, admin.secretKey as string)).status, 401);
    });

    it('logs in with a password, carries the session, and logs out', async () => {
      const c = new ApiClient(server.url);
      const login = await c.login('admin', server.adminPassword);
      assert.equal(login.status, 200);
      assert.ok(login.body.sessionkey);
      assert.equal((await c.call('listAccounts')).status, 200);
      const withoutCookie = new ApiClient(server.url);
      withoutCookie.sessionKey = c.sessionKey;
      assert.equal((await withoutCookie.call('listAccounts')).status, 401);
      assert.equal((await c.call('logout')).status, 200);
      assert.equal((await c.call('listAccounts')).status, 401);
    });

    it('refuses a wrong password with 401', async () => {
      const r = await new ApiClient(server.url).login('admin', 'wrong');
      assert.equal(r.status, 401);
      assert.equal(r.body.errorcode, 401);
    });

    it('runs integration-port requests as the system user without a signature', async () => {
      const r = await fetch(`${server.integrationUrl}?command=listAccounts&response=json`);
      assert.equal(r.status, 200);
    });

    it('answers XML by default', async () => {
      const r = await fetch(`${server.url}?command=listAccounts`);
      assert.equal(r.status, 401);
      assert.match(await r.text(), /^<\?xml.*<listaccountsresponse.*<errorcode>401<\/errorcode>/);
    });
  });
}
