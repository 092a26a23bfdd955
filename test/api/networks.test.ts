import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

type P = Record<string, string | number | boolean>;

async function expectError(client: ApiClient, command: string, params: P, code: number, text?: RegExp) {
  const r = await client.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
  assert.equal(r.body.errorcode, code);
  if (text) assert.match(r.body.errortext as string, text);
}

async function expectJobError(client: ApiClient, command: string, params: P, code: number, text?: RegExp) {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 2, `${command} should fail: ${JSON.stringify(r)}`);
  assert.equal(r.jobresult.errorcode, code, JSON.stringify(r.jobresult));
  if (text) assert.match(r.jobresult.errortext as string, text);
}

for (const dialect of testDialects()) {
  describe(`guest networks [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let zoneId: string;
    let isolatedOfferingId: string;
    let sharedOfferingId: string;
    let aliceNet: Body;

    const networks = async (client: ApiClient, params: P = {}) => {
      const body = await client.ok('listNetworks', params);
      assertListResponse('listNetworks', body);
      return (body.network ?? []) as Body[];
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      const zone = await admin.ok('createZone', { name: 'z1', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2', guestcidraddress: '10.1.1.0/24' });
      zoneId = zone.zone.id;
      const offerings = (await admin.ok('listNetworkOfferings', {})).networkoffering as Body[];
      isolatedOfferingId = offerings.find((o) => o.name === 'DefaultIsolatedNetworkOfferingWithSourceNatService')?.id;
      sharedOfferingId = offerings.find((o) => o.name === 'DefaultSharedNetworkOffering')?.id;
      alice = await createTenant(admin, { username: 'alice' });
      bob = await createTenant(admin, { username: 'bob' });
    });
    after(() => server?.stop());

    it('creates an isolated network on the zone\'s guest CIDR by default', async () => {
      const r = await alice.client.ok('createNetwork', { name: 'web', networkofferingid: isolatedOfferingId, zoneid: zoneId });
      aliceNet = r.network;
      assertResponseFields('createNetwork', aliceNet);
      assert.equal(aliceNet.name, 'web');
      assert.equal(aliceNet.displaytext, 'web');
      assert.equal(aliceNet.cidr, '10.1.1.0/24');
      assert.equal(aliceNet.gateway, '10.1.1.1');
      assert.equal(aliceNet.netmask, '255.255.255.0');
      assert.equal(aliceNet.type, 'Isolated');
      assert.equal(aliceNet.traffictype, 'Guest');
      assert.equal(aliceNet.state, 'Allocated');
      assert.equal(aliceNet.account, 'alice');
      assert.equal(aliceNet.zoneid, zoneId);
      assert.equal(aliceNet.zonename, 'z1');
      assert.equal(aliceNet.networkofferingid, isolatedOfferingId);
      assert.equal(aliceNet.networkofferingname, 'DefaultIsolatedNetworkOfferingWithSourceNatService');
      assert.equal(aliceNet.dns1, '8.8.8.8');
      assert.equal(aliceNet.canusefordeploy, true);
    });

    it('creates a network with its own gateway and netmask, and for another account when an admin asks', async () => {
      const r = await admin.ok('createNetwork', {
        name: 'db', displaytext: 'Databases', networkofferingid: isolatedOfferingId, zoneid: zoneId,
        gateway: '192.168.50.1', netmask: '255.255.255.128', account: 'bob', domainid: bob.account.domainid as string,
      });
      assert.equal(r.network.cidr, '192.168.50.0/25');
      assert.equal(r.network.gateway, '192.168.50.1');
      assert.equal(r.network.account, 'bob');
      assert.equal(r.network.displaytext, 'Databases');
    });

    it('refuses bad addressing, unknown zones and offerings, and non-isolated offerings with 431', async () => {
      const base = { name: 'x', networkofferingid: isolatedOfferingId, zoneid: zoneId };
      await expectError(alice.client, 'createNetwork', { ...base, gateway: '10.2.0.1' }, 431, /together/);
      await expectError(alice.client, 'createNetwork', { ...base, gateway: '10.2.0.1', netmask: '255.0.255.0' }, 431, /netmask/);
      await expectError(alice.client, 'createNetwork', { ...base, gateway: '10.2.0.0', netmask: '255.255.255.0' }, 431, /network or broadcast/);
      await expectError(alice.client, 'createNetwork', { ...base, gateway: 'ten', netmask: '255.255.255.0' }, 431, /gateway/);
      await expectError(alice.client, 'createNetwork', { ...base, dns1: 'dns' }, 431, /DNS/);
      await expectError(alice.client, 'createNetwork', { ...base, zoneid: crypto.randomUUID() }, 431);
      await expectError(alice.client, 'createNetwork', { ...base, networkofferingid: crypto.randomUUID() }, 431);
      await expectError(alice.client, 'createNetwork', { ...base, networkofferingid: sharedOfferingId }, 431, /isolated/);
      await expectError(alice.client, 'createNetwork', { networkofferingid: isolatedOfferingId, zoneid: zoneId }, 431, /name/);
    });

    it('keeps tenants apart: a user creates only for itself and sees only its own networks', async () => {
      await expectError(alice.client, 'createNetwork', { name: 'x', networkofferingid: isolatedOfferingId, zoneid: zoneId, account: 'bob', domainid: bob.account.domainid as string }, 531);
      const mine = await networks(alice.client);
      assert.deepEqual(mine.map((n) => n.name), ['web']);
      assert.deepEqual((await networks(bob.client)).map((n) => n.name), ['db']);
      assert.deepEqual(await networks(bob.client, { id: aliceNet.id as string }), []);
      await expectError(alice.client, 'listNetworks', { account: 'bob', domainid: bob.account.domainid as string }, 531);
      const all = await networks(admin, { listall: true });
      assert.deepEqual(all.map((n) => n.name).sort(), ['db', 'web']);
      assert.deepEqual(await networks(admin), [], 'without listall an admin sees its own account\'s');
    });

    it('filters by zone, name, keyword, type and traffic type', async () => {
      assert.equal((await networks(admin, { listall: true, zoneid: zoneId })).length, 2);
      assert.equal((await networks(admin, { listall: true, name: 'web' })).length, 1);
      assert.equal((await networks(admin, { listall: true, keyword: 'DATA' })).length, 1);
      assert.equal((await networks(admin, { listall: true, type: 'isolated' })).length, 2);
      assert.equal((await networks(admin, { listall: true, type: 'Shared' })).length, 0);
      assert.equal((await networks(admin, { listall: true, traffictype: 'Public' })).length, 0);
      assert.equal((await networks(admin, { listall: true, zoneid: crypto.randomUUID() })).length, 0);
    });

    it('carries tags and filters by them', async () => {
      const tagged = await alice.client.job('createTags', { resourcetype: 'Network', resourceids: aliceNet.id as string, 'tags[0].key': 'env', 'tags[0].value': 'prod' });
      assert.equal(tagged.jobstatus, 1, JSON.stringify(tagged));
      const [n] = await networks(alice.client, { 'tags[0].key': 'env' });
      assert.equal(n.id, aliceNet.id);
      assert.deepEqual((n.tags as Body[]).map((t) => [t.key, t.value]), [['env', 'prod']]);
      assert.deepEqual(await networks(alice.client, { 'tags[0].key': 'env', 'tags[0].value': 'dev' }), []);
    });

    it('updates a network as an async job; other tenants get 531', async () => {
      const r = await alice.client.job('updateNetwork', { id: aliceNet.id as string, name: 'web2', displaytext: 'Web tier', dns2: '1.1.1.1' });
      assert.equal(r.jobstatus, 1, JSON.stringify(r));
      assertResponseFields('updateNetwork', r.jobresult.network);
      assert.equal(r.jobresult.network.name, 'web2');
      assert.equal(r.jobresult.network.displaytext, 'Web tier');
      assert.equal(r.jobresult.network.dns2, '1.1.1.1');
      assert.equal((await networks(alice.client, { id: aliceNet.id as string }))[0].name, 'web2');
      await expectJobError(bob.client, 'updateNetwork', { id: aliceNet.id as string, name: 'mine' }, 531);
      await expectJobError(alice.client, 'updateNetwork', { id: aliceNet.id as string, dns1: 'x' }, 431, /DNS/);
      await expectError(alice.client, 'updateNetwork', { id: crypto.randomUUID(), name: 'x' }, 431, /entity does not exist/);
    });

    it('counts networks against the account\'s limit and recounts them', async () => {
      const carol = await createTenant(admin, { username: 'carol' });
      const domainid = carol.account.domainid as string;
      await admin.ok('updateResourceLimit', { account: 'carol', domainid, resourcetype: 6, max: 1 });
      const base = { networkofferingid: isolatedOfferingId, zoneid: zoneId };
      const first = (await carol.client.ok('createNetwork', { ...base, name: 'one' })).network;
      await expectError(carol.client, 'createNetwork', { ...base, name: 'two' }, 532, /network/i);
      assert.equal((await carol.client.job('deleteNetwork', { id: first.id as string })).jobstatus, 1);
      await carol.client.ok('createNetwork', { ...base, name: 'two' });
      const recount = (await admin.ok('updateResourceCount', { account: 'carol', domainid, resourcetype: 6 })).resourcecount as Body[];
      assert.equal(Number(recount[0].resourcecount), 1);
    });

    it('deletes a network: refused to other tenants, then gone', async () => {
      await expectJobError(bob.client, 'deleteNetwork', { id: aliceNet.id as string }, 531);
      const r = await alice.client.job('deleteNetwork', { id: aliceNet.id as string });
      assert.equal(r.jobstatus, 1, JSON.stringify(r));
      assert.equal(r.jobresult.success, true);
      assert.deepEqual(await networks(alice.client), []);
      await expectError(alice.client, 'deleteNetwork', { id: aliceNet.id as string }, 431, /entity does not exist/);
    });
  });
}
