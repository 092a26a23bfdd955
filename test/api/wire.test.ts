import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sign, canonicalString } from '../../packages/server/src/kernel/signature.ts';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const CS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/;

interface RawReply {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body (whole, with its wrapper), when the reply is JSON. */
  json?: Body;
}

/** Runs one statement on the server's own database, behind its back: the way to provoke a genuine internal error. */
async function onDatabase(server: TestServer, statement: string): Promise<void> {
  if (server.dialect === 'sqlite') {
    const db = new SQLite(server.db);
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: server.db });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function reply(res: Response): Promise<RawReply> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, contentType, text, json: contentType.startsWith('application/json') ? (JSON.parse(text) as Body) : undefined };
}

for (const dialect of testDialects()) {
  describe(`wire format [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let tenant: TenantAccount;

    /** Sends parameters exactly as given (names, order, case), signed with the admin's keys under the key name `keyName`. */
    async function send(params: Array<[string, string]>, opts: { method?: 'GET' | 'POST'; keyName?: string } = {}): Promise<RawReply> {
      const all: Array<[string, string]> = [...params, [opts.keyName ?? 'apiKey', admin.apiKey as string]];
      const signed: Array<[string, string]> = [...all, ['signature', sign(canonicalString(all), admin.secretKey as string)]];
      const query = new URLSearchParams(signed).toString();
      return reply(
        opts.method === 'POST'
          ? await fetch(server.url, { method: 'POST', body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
          : await fetch(`${server.url}?${query}`),
      );
    }

    /** The body inside the single `<command>response` wrapper. */
    const inner = (r: RawReply): Body => {
      assert.ok(r.json, `expected JSON, got ${r.contentType}: ${r.text}`);
      const keys = Object.keys(r.json);
      assert.equal(keys.length, 1, `one top-level key: ${r.text}`);
      return r.json[keys[0]] as Body;
    };

    const assertError = (r: RawReply, code: number, cserrorcode: number, text: RegExp): Body => {
      assert.equal(r.status, code, r.text);
      const body = inner(r);
      assert.deepEqual(Object.keys(body).sort(), ['cserrorcode', 'errorcode', 'errortext', 'uuidList']);
      assert.equal(body.errorcode, code);
      assert.equal(body.cserrorcode, cserrorcode);
      assert.ok(Array.isArray(body.uuidList));
      assert.match(body.errortext, text);
      return body;
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      tenant = await createTenant(admin, { username: 'tess' });
    });
    after(() => server?.stop());

    it('answers XML by default, with the lower-case wrapper and CloudStack\'s version attribute', async () => {
      const r = await send([['command', 'listAccounts'], ['name', 'admin']]);
      assert.equal(r.status, 200);
      assert.match(r.contentType, /^text\/xml/);
      assert.ok(r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><listaccountsresponse cloud-stack-version="4.22.0.0"><count>1</count><account><id>'), r.text);
      assert.ok(r.text.endsWith('</account></listaccountsresponse>'));
      const created = /<account><id>[^<]+<\/id><name>admin<\/name>.*?<created>([^<]+)<\/created>/.exec(r.text);
      assert.match(created?.[1] ?? '', CS_DATE);
    });

    it('answers JSON when asked, with one top-level key and the JSON content type', async () => {
      for (const format of ['json', 'JSON']) {
        const r = await send([['command', 'listAccounts'], ['response', format], ['name', 'admin']]);
        assert.equal(r.status, 200);
        assert.match(r.contentType, /^application\/json/);
        assert.deepEqual(Object.keys(r.json as Body), ['listaccountsresponse']);
        const body = inner(r);
        assert.equal(body.count, 1);
        assert.match(body.account[0].created, CS_DATE);
      }
    });

    it('answers an empty list as {}, in JSON and in XML', async () => {
      const json = await send([['command', 'listEvents'], ['response', 'json'], ['type', 'NO.SUCH.EVENT']]);
      assert.equal(json.text, '{"listeventsresponse":{}}');
      const xml = await send([['command', 'listEvents'], ['type', 'NO.SUCH.EVENT']]);
      assert.ok(xml.text.endsWith('<listeventsresponse cloud-stack-version="4.22.0.0"></listeventsresponse>'), xml.text);
    });

    it('refuses an unknown command with 432, and a missing command with 431', async () => {
      const body = assertError(await send([['command', 'noSuchCommand'], ['response', 'json']]), 432, 9999, /The given command 'noSuchCommand' either does not exist/);
      assert.deepEqual(body.uuidList, []);
      assert.ok('nosuchcommandresponse' in (await send([['command', 'noSuchCommand'], ['response', 'json']])).json!);
      assertError(await send([['response', 'json']]), 431, 4350, /missing parameter command/);
    });

    it('refuses a missing required parameter with 431 naming it', async () => {
      assertError(await send([['command', 'createDomain'], ['response', 'json']]), 431, 4350, /due to missing parameter name$/);
    });

    it('refuses malformed UUIDs, integers and control characters with 431 naming the parameter', async () => {
      const cases: Array<[string, string, RegExp]> = [
        ['id', '123', /Invalid parameter id value=123/],
        ['domainid', 'zzzzzzzz-0000-4000-8000-000000000000', /Invalid parameter domainid/],
        ['page', 'one', /Invalid parameter page value=one/],
        ['pagesize', '1.5', /Invalid parameter pagesize/],
        ['name', 'bell\u0007', /Invalid parameter name .*control characters/],
        ['keyword', 'new\nline', /Invalid parameter keyword/],
      ];
      for (const [name, value, text] of cases) {
        assertError(await send([['command', 'listAccounts'], ['response', 'json'], [name, value]]), 431, 4350, text);
      }
    });

    it('takes a POST form body exactly like a GET query', async () => {
      const params: Array<[string, string]> = [['command', 'listAccounts'], ['response', 'json'], ['listall', 'true']];
      const get = await send(params);
      const post = await send(params, { method: 'POST' });
      assert.equal(post.status, 200);
      assert.deepEqual(post.json, get.json);
      assert.equal(inner(post).count, 2);
      assertError(await send([['command', 'createDomain'], ['response', 'json']], { method: 'POST' }), 431, 4350, /missing parameter name/);
    });

    it('reads parameter names in any case, the API key name included', async () => {
      for (const keyName of ['apiKey', 'apikey', 'APIKEY']) {
        const r = await send([['command', 'listAccounts'], ['response', 'json'], ['NAME', 'tess'], ['ListAll', 'true']], { keyName });
        assert.equal(r.status, 200, `${keyName}: ${r.text}`);
        assert.deepEqual(inner(r).account.map((a: Body) => a.name), ['tess']);
      }
    });

    it('parses booleans as Java does: True/TRUE are true; False, None and anything else false', async () => {
      const accounts = async (listall: string) => {
        const r = await send([['command', 'listEvents'], ['response', 'json'], ['listall', listall], ['pagesize', '-1']]);
        return new Set((inner(r).event as Body[]).map((e) => e.account));
      };
      for (const v of ['true', 'True', 'TRUE']) assert.ok((await accounts(v)).has('tess'), v);
      for (const v of ['false', 'False', 'None', '1', 'yes']) assert.deepEqual([...(await accounts(v))], ['admin'], v);
    });

    it('pages with page/pagesize, count being the total; refuses pages beyond default.page.size', async () => {
      for (const name of ['P1', 'P2', 'P3']) await admin.ok('createDomain', { name });
      const all = await admin.ok('listDomains', { listall: true, pagesize: -1 });
      assert.ok(all.count >= 4);
      const seen: string[] = [];
      for (let page = 1; seen.length < all.count; page++) {
        const r = await admin.ok('listDomains', { listall: true, page, pagesize: 2 });
        assert.equal(r.count, all.count, 'count is the total, not the page size');
        assert.ok(r.domain.length <= 2);
        seen.push(...r.domain.map((d: Body) => d.id));
      }
      assert.deepEqual(seen, all.domain.map((d: Body) => d.id));
      assert.deepEqual(await admin.ok('listDomains', { listall: true, page: 100, pagesize: 2 }), {});
      assertError(await send([['command', 'listDomains'], ['response', 'json'], ['pagesize', '501']]), 431, 4350, /Page size can't exceed max allowed page size value: 500/);
      assertError(await send([['command', 'listDomains'], ['response', 'json'], ['page', '0']]), 431, 4350, /page/);
      assertError(await send([['command', 'listDomains'], ['response', 'json'], ['pagesize', '0']]), 431, 4350, /pagesize/);
    });

    it('carries uuidList, errorcode, cserrorcode and errortext with the HTTP status equal to errorcode', async () => {
      const badSignature = await fetch(`${server.url}?command=listAccounts&response=json&apiKey=${admin.apiKey}&signature=bad`);
      assertError(await reply(badSignature), 401, 9999, /unable to verify/);
      const unknownJob = crypto.randomUUID();
      const unknownEntity = assertError(await send([['command', 'queryAsyncJobResult'], ['response', 'json'], ['jobid', unknownJob]]), 431, 4350, /Invalid parameter jobid value=.* entity does not exist/);
      assert.deepEqual(unknownEntity.uuidList, []);
      // A handler's "not found" names the id: listNics resolves its VM itself (lists leave ids to their handlers).
      const unknownVm = crypto.randomUUID();
      const notFound = assertError(await send([['command', 'listNics'], ['response', 'json'], ['virtualmachineid', unknownVm]]), 431, 4350, /Unable to find virtual machine/);
      assert.deepEqual(notFound.uuidList, [{ uuid: unknownVm }], "CloudStack's ExceptionProxyObjects");
      const domain = (await admin.ok('createDomain', { name: 'Doomed' })).domain;
      const { jobid } = await admin.ok('deleteDomain', { id: domain.id });
      await admin.waitForJob(jobid);
      const denied = await tenant.client.call('queryAsyncJobResult', { jobid });
      assert.equal(denied.status, 531);
      assert.deepEqual(denied.body, { uuidList: [], errorcode: 531, cserrorcode: 4365, errortext: denied.body.errortext });
      assert.match(denied.body.errortext, /does not have permission/);
    });

    it('answers an internal error with 530 and a request id, never a stack trace or the database\'s message', async () => {
      await onDatabase(server, 'ALTER TABLE event RENAME TO event_hidden');
      try {
        const json = await send([['command', 'listEvents'], ['response', 'json']]);
        const body = assertError(json, 530, 4250, /^Internal error executing command, please contact your system administrator \(request [^)]+\)$/);
        assert.doesNotMatch(JSON.stringify(body), /\bat \S+:\d+|\.ts\b|event_hidden|no such table|relation|SqliteError|error:/i);
        const xml = await send([['command', 'listEvents']]);
        assert.equal(xml.status, 530);
        assert.match(xml.text, /<errorcode>530<\/errorcode>/);
        assert.doesNotMatch(xml.text, /\.ts\b|no such table|relation "/);
      } finally {
        await onDatabase(server, 'ALTER TABLE event_hidden RENAME TO event');
      }
      assert.equal((await send([['command', 'listEvents'], ['response', 'json']])).status, 200);
    });
  });
}
