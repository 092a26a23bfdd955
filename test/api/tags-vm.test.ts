import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { buildSimZone, type SimZone } from '../support/compute.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const keys = (body: Body): string[] => ((body.tag ?? []) as Body[]).map((t) => `${t.key}=${t.value}`);
const names = (body: Body): string[] => ((body.virtualmachine ?? []) as Body[]).map((v) => v.name as string).sort();

/** Tags on VMs (UserVm): create, list, filter lists by them, delete; each tenant only on its own. */
for (const dialect of testDialects()) {
  describe(`tags on VMs [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let sim: SimZone;
    let tina: TenantAccount;
    let tom: TenantAccount;
    let web: Body;
    let db: Body;
    let toms: Body;
    const deploy = async (client: ApiClient, name: string): Promise<Body> => {
      const r = await client.job('deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, name, startvm: false }, 120_000);
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      return r.jobresult.virtualmachine;
    };
    const tag = (client: ApiClient, ids: string[], tags: Record<string, string>, more: Record<string, string> = {}) => {
      const params: Record<string, string> = { resourcetype: 'UserVm', resourceids: ids.join(','), ...more };
      Object.entries(tags).forEach(([k, v], i) => Object.assign(params, { [`tags[${i}].key`]: k, [`tags[${i}].value`]: v }));
      return client.job('createTags', params);
    };

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      sim = await buildSimZone(admin);
      tina = await createTenant(admin, { username: 'tina' });
      tom = await createTenant(admin, { username: 'tom' });
      web = await deploy(tina.client, 'web');
      db = await deploy(tina.client, 'db');
      toms = await deploy(tom.client, 'toms');
    });
    after(() => server?.stop());

    it('tags several VMs at once; the tags show in listTags with their owner and on the VMs', async () => {
      const r = await tag(tina.client, [web.id, db.id], { env: 'prod', team: 'blue' }, { customer: 'acme' });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      assert.equal(r.jobresult.success, true);
      assert.equal((await tag(tina.client, [db.id], { role: 'database' }, {})).jobstatus, 1);
      const list = await tina.client.ok('listTags', { resourceid: web.id });
      assertListResponse('listTags', list);
      assert.deepEqual(list.tag[0], {
        key: 'env', value: 'prod', resourcetype: 'UserVm', resourceid: web.id, account: 'tina',
        domainid: tina.account.domainid, domain: 'ROOT', domainpath: 'ROOT', customer: 'acme',
      });
      assert.deepEqual(keys(list), ['env=prod', 'team=blue']);
      const vm = (await tina.client.ok('listVirtualMachines', { id: db.id })).virtualmachine[0];
      assert.deepEqual(vm.tags.map((t: Body) => `${t.key}=${t.value}`), ['env=prod', 'role=database', 'team=blue']);
      vm.tags.forEach((t: Body) => assertResponseFields('listTags', t));
      assert.equal((await tina.client.ok('listTags', { key: 'env' })).count, 2);
      assert.deepEqual(keys(await tina.client.ok('listTags', { value: 'database' })), ['role=database']);
      assert.equal((await tina.client.ok('listTags', { resourcetype: 'uservm', keyword: 'BLU' })).count, 2);
      assert.equal((await tina.client.ok('listTags', { customer: 'acme' })).count, 4);
    });

    it('filters listVirtualMachines by tags: every tag given must match, a key alone any value', async () => {
      assert.deepEqual(names(await tina.client.ok('listVirtualMachines', { 'tags[0].key': 'env', 'tags[0].value': 'prod' })), ['db', 'web']);
      assert.deepEqual(names(await tina.client.ok('listVirtualMachines', { 'tags[0].key': 'env', 'tags[0].value': 'prod', 'tags[1].key': 'role', 'tags[1].value': 'database' })), ['db']);
      assert.deepEqual(names(await tina.client.ok('listVirtualMachines', { 'tags[0].key': 'role' })), ['db']);
      assert.deepEqual(await tina.client.ok('listVirtualMachines', { 'tags[0].key': 'env', 'tags[0].value': 'dev' }), {});
    });

    it('refuses a key the VM already has, and a VM that does not exist', async () => {
      const again = await tag(tina.client, [web.id], { env: 'dev' });
      assert.equal(again.jobresult.errorcode, 431);
      assert.match(again.jobresult.errortext, /key env already exists on UserVm/);
      const missing = await tag(tina.client, ['00000000-0000-4000-8000-000000000000'], { a: 'b' });
      assert.equal(missing.jobresult.errorcode, 431);
      assert.deepEqual(keys(await tina.client.ok('listTags', { resourceid: web.id })), ['env=prod', 'team=blue'], 'nothing half-written');
    });

    it('keeps tenants apart: no tagging, untagging or seeing another account\'s VM tags; admins see all with listall', async () => {
      const foreign = await tag(tom.client, [web.id], { mine: 'no' });
      assert.equal(foreign.jobresult.errorcode, 531);
      const mixed = await tag(tina.client, [web.id, toms.id], { x: 'y' });
      assert.equal(mixed.jobresult.errorcode, 531);
      assert.equal((await tom.client.job('deleteTags', { resourcetype: 'UserVm', resourceids: web.id })).jobresult.errorcode, 531);
      assert.equal((await tag(tom.client, [toms.id], { env: 'prod' })).jobstatus, 1);
      assert.deepEqual(keys(await tom.client.ok('listTags')), ['env=prod']);
      assert.equal((await tom.client.ok('listTags', { resourceid: web.id })).count, undefined);
      assert.deepEqual(names(await tom.client.ok('listVirtualMachines', { 'tags[0].key': 'env' })), ['toms']);
      assert.equal((await tom.client.call('listTags', { account: 'tina' })).status, 531);
      assert.equal((await admin.ok('listTags', {})).count, undefined, 'an admin sees its own account\'s by default');
      assert.equal((await admin.ok('listTags', { listall: true, key: 'env' })).count, 3);
      assert.equal((await admin.ok('listTags', { account: 'tina', domainid: tina.account.domainid, key: 'env' })).count, 2);
    });

    it('tags a VM\'s ROOT volume apart from the VM: same key, other type', async () => {
      const [root] = (await tina.client.ok('listVolumes', { virtualmachineid: web.id })).volume;
      const r = await tina.client.job('createTags', { resourcetype: 'volume', resourceids: root.id, 'tags[0].key': 'env', 'tags[0].value': 'scratch' });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      const tagged = await tina.client.ok('listVolumes', { 'tags[0].key': 'env', 'tags[0].value': 'scratch' });
      assert.deepEqual(tagged.volume.map((v: Body) => v.id), [root.id]);
      assert.deepEqual(tagged.volume[0].tags.map((t: Body) => `${t.resourcetype}:${t.key}=${t.value}`), ['Volume:env=scratch']);
      assert.deepEqual(keys(await tina.client.ok('listTags', { resourcetype: 'Volume' })), ['env=scratch']);
      assert.equal((await tom.client.job('createTags', { resourcetype: 'Volume', resourceids: root.id, 'tags[0].key': 'a', 'tags[0].value': 'b' })).jobresult.errorcode, 531);
      assert.equal((await tina.client.job('deleteTags', { resourcetype: 'Volume', resourceids: root.id })).jobstatus, 1);
    });

    it('deletes tags by key, by key and value, or all of them; none matching is a 431', async () => {
      const del = (params: Record<string, string>) => tina.client.job('deleteTags', { resourcetype: 'UserVm', ...params });
      assert.equal((await del({ resourceids: db.id, 'tags[0].key': 'role', 'tags[0].value': 'other' })).jobresult.errorcode, 431);
      assert.equal((await del({ resourceids: db.id, 'tags[0].key': 'role' })).jobstatus, 1);
      assert.equal((await del({ resourceids: `${web.id},${db.id}`, 'tags[0].key': 'env', 'tags[0].value': 'prod' })).jobstatus, 1);
      assert.deepEqual(keys(await tina.client.ok('listTags')), ['team=blue', 'team=blue']);
      assert.equal((await del({ resourceids: `${web.id},${db.id}` })).jobstatus, 1);
      assert.deepEqual(await tina.client.ok('listTags'), {});
      const events = (await tina.client.ok('listEvents', { type: 'DELETE_TAGS' })).event as Body[];
      assert.ok(events.some((e) => e.state === 'Completed' && /tag\(s\) of UserVm/.test(e.description)));
    });
  });
}
