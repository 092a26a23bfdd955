import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError } from '../support/calls.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host';
const ED25519_MD5 = '65:96:2d:fc:e8:d5:a9:11:64:0c:0f:ea:00:6e:5b:bd';

/** What `ssh-keygen` derives from the private key: the public key blob and its MD5 fingerprint. */
function sshKeygenView(privateKey: string): { blob: string; md5: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nimbus-key-'));
  try {
    const file = join(dir, 'id');
    writeFileSync(file, privateKey, { mode: 0o600 });
    const pub = execFileSync('ssh-keygen', ['-y', '-f', file]).toString().trim();
    writeFileSync(`${file}.pub`, `${pub}\n`);
    const md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${file}.pub`]).toString().split(' ')[1].replace(/^MD5:/, '');
    return { blob: pub.split(' ')[1], md5 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const dialect of testDialects()) {
  describe(`SSH key pairs [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;

    const keys = async (client: ApiClient, params: Record<string, string | number | boolean> = {}) => {
      const body = await client.ok('listSSHKeyPairs', params);
      assertListResponse('listSSHKeyPairs', body);
      return (body.sshkeypair ?? []) as Body[];
    };

    before(async () => {
      ({ server, admin, alice, bob } = await tenantWorld(dialect));
    });
    after(() => server?.stop());

    it('creates a real RSA key pair and returns the private key once', async () => {
      const r = await alice.client.ok('createSSHKeyPair', { name: 'web' });
      const kp = r.keypair as Body;
      assertResponseFields('createSSHKeyPair', kp);
      assert.equal(kp.name, 'web');
      assert.equal(kp.account, 'alice');
      assert.equal(kp.domainid, alice.account.domainid);
      assert.match(kp.privatekey as string, /^-----BEGIN RSA PRIVATE KEY-----/);
      assert.match(kp.fingerprint as string, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
      const view = sshKeygenView(kp.privatekey as string);
      assert.equal(kp.fingerprint, view.md5, 'fingerprint matches ssh-keygen -E md5 of the returned private key');
      const [listed] = await keys(alice.client, { name: 'web' });
      assert.equal(listed.id, kp.id);
      assert.equal(listed.fingerprint, kp.fingerprint);
      assert.equal(listed.privatekey, undefined, 'the private key is never shown again');
    });

    it('registers a public key with CloudStack\'s MD5 fingerprint and refuses bad or duplicate ones', async () => {
      const r = await alice.client.ok('registerSSHKeyPair', { name: 'laptop', publickey: ED25519 });
      assertResponseFields('registerSSHKeyPair', r.keypair);
      assert.equal(r.keypair.fingerprint, ED25519_MD5);
      assert.equal((await keys(alice.client, { fingerprint: ED25519_MD5 }))[0].name, 'laptop');
      await expectError(alice.client, 'registerSSHKeyPair', { name: 'laptop', publickey: ED25519 }, 431, /already exists/);
      await expectError(alice.client, 'registerSSHKeyPair', { name: 'again', publickey: ED25519 }, 431, /same public key/);
      await expectError(alice.client, 'registerSSHKeyPair', { name: 'bad', publickey: 'ssh-rsa not-base64!' }, 431, /Public key is invalid/);
      await expectError(alice.client, 'registerSSHKeyPair', { name: 'bad' }, 431, /missing parameter publickey/);
      await expectError(alice.client, 'createSSHKeyPair', { name: 'web' }, 431, /already exists/);
      // Another account may use the same name and key.
      assert.equal((await bob.client.ok('registerSSHKeyPair', { name: 'laptop', publickey: ED25519 })).keypair.account, 'bob');
    });

    it('lists by keyword and page, only within the caller\'s reach', async () => {
      assert.deepEqual((await keys(alice.client)).map((k) => k.name), ['laptop', 'web']);
      assert.deepEqual((await keys(alice.client, { keyword: 'LAP' })).map((k) => k.name), ['laptop']);
      const page = await alice.client.ok('listSSHKeyPairs', { page: 2, pagesize: 1 });
      assert.equal(page.count, 2);
      assert.equal(page.sshkeypair[0].name, 'web');
      assert.deepEqual((await keys(bob.client)).map((k) => k.account), ['bob']);
      assert.deepEqual(await keys(bob.client, { name: 'web' }), []);
      // Admins see their own account's unless listall, then everyone's.
      assert.deepEqual(await keys(admin), []);
      assert.equal((await keys(admin, { listall: true })).length, 3);
      assert.equal((await keys(admin, { account: 'bob', domainid: bob.account.domainid })).length, 1);
      await expectError(bob.client, 'listSSHKeyPairs', { account: 'alice', domainid: alice.account.domainid }, 531);
    });

    it('lets admins act for an account; users only for their own', async () => {
      const r = await admin.ok('createSSHKeyPair', { name: 'ops', account: 'bob', domainid: bob.account.domainid });
      assert.equal(r.keypair.account, 'bob');
      await expectError(alice.client, 'createSSHKeyPair', { name: 'x', account: 'bob', domainid: bob.account.domainid }, 531);
      await expectError(alice.client, 'deleteSSHKeyPair', { name: 'ops', account: 'bob', domainid: bob.account.domainid }, 531);
      await expectError(admin, 'createSSHKeyPair', { name: 'x', account: 'nobody' }, 431, /Unable to find account nobody/);
      await admin.ok('deleteSSHKeyPair', { name: 'ops', account: 'bob', domainid: bob.account.domainid });
      assert.deepEqual((await keys(bob.client)).map((k) => k.name), ['laptop']);
    });

    it('deletes by name within the caller\'s account only', async () => {
      await expectError(bob.client, 'deleteSSHKeyPair', { name: 'web' }, 431, /does not exist/);
      const d = await alice.client.ok('deleteSSHKeyPair', { name: 'web' });
      assert.equal(d.success, true);
      assert.deepEqual((await keys(alice.client)).map((k) => k.name), ['laptop']);
      await expectError(alice.client, 'deleteSSHKeyPair', { name: 'web' }, 431, /does not exist/);
    });
  });
}
