import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const SIMULATOR_TEMPLATE = 'CentOS 5.6(64-bit) no GUI (Simulator)';
const ids = (body: Body, key = 'template'): string[] => ((body[key] ?? []) as Body[]).map((t) => t.id as string);

/** Polls a list until the image is ready in every zone it is listed in; returns the statuses seen on the way. */
async function waitReady(client: ApiClient, command: string, params: Record<string, string>, key: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 300; i++) {
    const items = ((await client.ok(command, params))[key] ?? []) as Body[];
    seen.push(...items.map((t) => t.status as string));
    if (items.length && items.every((t) => t.isready)) return seen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${JSON.stringify(params)} never became ready: ${seen.slice(-3).join(' | ')}`);
}

for (const dialect of testDialects()) {
  describe(`templates, ISOs and OS types [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let a: TenantAccount;
    let b: TenantAccount;
    let other: TenantAccount;
    let ubuntu: Body;
    let z1: string;
    let z2: string;
    let bare: string;
    const register = (client: ApiClient, params: Record<string, string | number | boolean> = {}) =>
      client.call('registerTemplate', { name: 'tpl', displaytext: 'tpl', url: 'http://images.example.org/t.qcow2', format: 'qcow2', hypervisor: 'simulator', zoneid: z1, ...params });
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      const d = (await admin.ok('createDomain', { name: 'D' })).domain;
      const o = (await admin.ok('createDomain', { name: 'O' })).domain;
      a = await createTenant(admin, { username: 'a', domainid: d.id });
      b = await createTenant(admin, { username: 'b', domainid: d.id });
      other = await createTenant(admin, { username: 'other', domainid: o.id });
      const zone = async (name: string, store: boolean) => {
        const z = (await admin.ok('createZone', { name, networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' })).zone as Body;
        if (store) await admin.ok('addImageStore', { name: `${name}-images`, provider: 'NFS', url: `nfs://10.0.0.2/${name}`, zoneid: z.id });
        return z.id as string;
      };
      z1 = await zone('Z1', true);
      z2 = await zone('Z2', true);
      bare = await zone('Bare', false);
    });
    after(() => server?.stop());

    it('lists CloudStack\'s OS types and categories', async () => {
      const types = await a.client.ok('listOsTypes', { pagesize: -1 });
      assertListResponse('listOsTypes', types);
      const names = (types.ostype as Body[]).map((t) => t.description);
      for (const n of ['Other Linux (64-bit)', 'Ubuntu 22.04 LTS', 'Debian GNU/Linux 12 (64-bit)', 'CentOS 7', 'Windows Server 2022 (64-bit)']) assert.ok(names.includes(n), n);
      ubuntu = (types.ostype as Body[]).find((t) => t.description === 'Ubuntu 22.04 LTS') as Body;
      assert.equal(ubuntu.oscategoryname, 'Ubuntu');
      const cats = await a.client.ok('listOsCategories');
      assertListResponse('listOsCategories', cats);
      assert.ok((cats.oscategory as Body[]).some((c) => c.name === 'Windows'));
      const inUbuntu = await a.client.ok('listOsTypes', { oscategoryid: ubuntu.oscategoryid, keyword: '22.04' });
      assert.deepEqual(ids(inUbuntu, 'ostype'), [ubuntu.id]);
    });

    it('has CloudStack\'s simulator template, built in and featured', async () => {
      const featured = await other.client.ok('listTemplates', { templatefilter: 'featured' });
      assertListResponse('listTemplates', featured);
      const t = (featured.template as Body[]).find((x) => x.name === SIMULATOR_TEMPLATE) as Body;
      assert.ok(t, 'simulator template listed');
      assert.deepEqual([t.templatetype, t.hypervisor, t.format, t.isfeatured, t.ispublic, t.crossZones, t.ostypename], ['BUILTIN', 'Simulator', 'VHD', true, true, true, 'CentOS 5.5 (64-bit)']);
      assert.equal((await other.client.job('deleteTemplate', { id: t.id })).jobresult.errorcode, 531);
      // Ready at once in every zone with an image store, in none without.
      const inZ1 = await other.client.ok('listTemplates', { templatefilter: 'executable', id: t.id, zoneid: z1 });
      assert.deepEqual([inZ1.count, inZ1.template[0].isready, inZ1.template[0].zonename], [1, true, 'Z1']);
      assert.deepEqual(await other.client.ok('listTemplates', { templatefilter: 'executable', id: t.id, zoneid: bare }), {});
      assert.equal((await other.client.call('listTemplates', { templatefilter: 'executable', zoneid: crypto.randomUUID() })).status, 431);
    });

    it('registers a template and simulates its download with progress until Ready', async () => {
      const r = await register(a.client, { name: 'ubuntu', ostypeid: ubuntu.id, passwordenabled: true, zoneid: '', zoneids: `${z1},${z2}` });
      assert.equal(r.status, 200, r.raw);
      assertListResponse('registerTemplate', r.body);
      assert.equal(r.body.count, 2);
      const t = r.body.template[0] as Body;
      assert.deepEqual([t.isready, t.ostypename, t.passwordenabled, t.account, t.templatetype, t.hypervisor, t.format], [false, 'Ubuntu 22.04 LTS', true, 'a', 'USER', 'Simulator', 'QCOW2']);
      assert.deepEqual(r.body.template.map((x: Body) => x.zoneid).sort(), [z1, z2].sort());
      const seen = await waitReady(a.client, 'listTemplates', { templatefilter: 'self', id: t.id }, 'template');
      assert.ok(seen.some((s) => /^\d+% Downloaded$/.test(s)), seen.join(','));
      const ready = await a.client.ok('listTemplates', { templatefilter: 'selfexecutable', id: t.id, zoneid: z1 });
      assert.equal(ready.count, 1);
      assert.deepEqual([ready.template[0].status, ready.template[0].size, ready.template[0].downloaddetails[0].downloadState], ['Download Complete', 2 * 1024 ** 3, 'DOWNLOADED']);
    });

    it('refuses bad registrations', async () => {
      const bad: [Record<string, string | number | boolean>, number][] = [
        [{ url: 'ftp://images.example.org/t.qcow2' }, 431],
        [{ format: 'floppy' }, 431],
        [{ format: 'iso' }, 431],
        [{ hypervisor: 'Bochs' }, 431],
        [{ zoneid: 'nowhere' }, 431],
        [{ zoneid: crypto.randomUUID() }, 431],
        [{ zoneid: bare }, 534],
        [{ zoneid: '' }, 431],
        [{ ostypeid: crypto.randomUUID() }, 431],
        [{ bits: 16 }, 431],
        [{ isfeatured: true }, 531],
        [{ templatetype: 'SYSTEM' }, 531],
      ];
      for (const [params, status] of bad) assert.equal((await register(a.client, params)).status, status, JSON.stringify(params));
      assert.equal((await register(a.client, { name: '' })).status, 431);
    });

    it('lists by every templatefilter, shares with accounts, and keeps private templates private', async () => {
      const priv = (await register(a.client, { name: 'a-private' })).body.template[0] as Body;
      const pub = (await register(a.client, { name: 'a-public', ispublic: true })).body.template[0] as Body;
      await waitReady(a.client, 'listTemplates', { templatefilter: 'self', ids: `${priv.id},${pub.id}` }, 'template');
      const list = async (c: ApiClient, filter: string, extra: Record<string, string | boolean> = {}) => ids(await c.ok('listTemplates', { templatefilter: filter, ...extra }));
      assert.ok((await list(a.client, 'self')).includes(priv.id));
      assert.ok(!(await list(b.client, 'self')).includes(priv.id));
      for (const f of ['featured', 'community', 'executable', 'sharedexecutable']) assert.ok(!(await list(b.client, f)).includes(priv.id), f);
      assert.ok((await list(b.client, 'community')).includes(pub.id));
      assert.ok((await list(b.client, 'executable')).includes(pub.id));
      assert.ok(!(await list(b.client, 'featured')).includes(pub.id));
      assert.equal((await b.client.call('listTemplates', { templatefilter: 'all' })).status, 431);
      assert.equal((await b.client.call('listTemplates', { templatefilter: 'mine' })).status, 431);
      assert.equal((await b.client.call('listTemplates', {})).status, 431);
      // b cannot act on a's template, nor read its permissions.
      assert.equal((await b.client.call('updateTemplate', { id: priv.id, name: 'x' })).status, 531);
      assert.equal((await b.client.job('deleteTemplate', { id: priv.id })).jobresult.errorcode, 531);
      assert.equal((await b.client.call('listTemplatePermissions', { id: priv.id })).status, 531);
      assert.equal((await b.client.call('updateTemplatePermissions', { id: priv.id, ispublic: true })).status, 531);
      // Sharing with b (same domain); accounts of other domains are not found.
      assert.equal((await a.client.call('updateTemplatePermissions', { id: priv.id, op: 'add', accounts: 'other' })).status, 431);
      assert.equal((await a.client.call('updateTemplatePermissions', { id: priv.id, accounts: 'b' })).status, 431);
      assert.equal((await a.client.ok('updateTemplatePermissions', { id: priv.id, op: 'add', accounts: 'b' })).success, true);
      const perms = await a.client.ok('listTemplatePermissions', { id: priv.id });
      assertListResponse('listTemplatePermissions', perms);
      assert.deepEqual([perms.templatepermission[0].account, perms.templatepermission[0].ispublic], [['b'], false]);
      assert.ok((await list(b.client, 'sharedexecutable')).includes(priv.id));
      assert.ok((await list(b.client, 'executable')).includes(priv.id));
      assert.ok(!(await list(other.client, 'executable')).includes(priv.id));
      await a.client.ok('updateTemplatePermissions', { id: priv.id, op: 'remove', accounts: 'b' });
      assert.ok(!(await list(b.client, 'executable')).includes(priv.id));
      // Admins: self is their own unless listall; all shows everything.
      assert.ok(!(await list(admin, 'self')).includes(priv.id));
      assert.ok((await list(admin, 'self', { listall: true })).includes(priv.id));
      assert.ok((await list(admin, 'all')).includes(priv.id));
      // Featured is the root admin's to give.
      assert.equal((await a.client.call('updateTemplatePermissions', { id: pub.id, isfeatured: true })).status, 531);
      await admin.ok('updateTemplatePermissions', { id: pub.id, isfeatured: true });
      assert.ok((await list(other.client, 'featured')).includes(pub.id));
      assert.ok(!(await list(other.client, 'community')).includes(pub.id));
    });

    it('filters by zone, and deletes from one zone or all (async)', async () => {
      const t = (await register(a.client, { name: 'two-zones', zoneid: '', zoneids: `${z1},${z2}` })).body.template[0] as Body;
      assert.deepEqual(ids(await a.client.ok('listTemplates', { templatefilter: 'self', id: t.id, zoneid: z2 })), [t.id]);
      const one = await a.client.job('deleteTemplate', { id: t.id, zoneid: z1 });
      assert.equal(one.jobstatus, 1, JSON.stringify(one));
      const left = await a.client.ok('listTemplates', { templatefilter: 'self', id: t.id });
      assert.deepEqual(left.template.map((x: Body) => x.zoneid), [z2]);
      const missing = await a.client.job('deleteTemplate', { id: t.id, zoneid: z1 });
      assert.deepEqual([missing.jobstatus, missing.jobresult.errorcode], [2, 431]);
      assert.equal((await a.client.job('deleteTemplate', { id: t.id })).jobstatus, 1);
      assert.deepEqual(await a.client.ok('listTemplates', { templatefilter: 'self', id: t.id }), {});
      assert.equal((await a.client.call('updateTemplate', { id: t.id, name: 'x' })).status, 431);
      // zoneid=-1: every zone with an image store, including one that gets its store later.
      const everywhere = (await register(a.client, { name: 'everywhere', zoneid: -1 })).body.template as Body[];
      assert.deepEqual(everywhere.map((x) => x.zoneid).sort(), [z1, z2].sort());
      assert.ok(everywhere.every((x) => x.crossZones === true));
      const late = (await admin.ok('createZone', { name: 'Late', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' })).zone as Body;
      await admin.ok('addImageStore', { name: 'late-images', provider: 'NFS', url: 'nfs://10.0.0.2/late', zoneid: late.id });
      assert.deepEqual(ids(await a.client.ok('listTemplates', { templatefilter: 'self', id: everywhere[0].id, zoneid: late.id })), [everywhere[0].id]);
    });

    it('counts templates and ISOs against the account\'s template limit', async () => {
      const limited = await createTenant(admin, { username: 'limited' });
      await admin.ok('updateResourceLimit', { account: 'limited', domainid: limited.account.domainid, resourcetype: 4, max: 1 });
      const first = await register(limited.client, { name: 'one' });
      assert.equal(first.status, 200, first.raw);
      assert.equal((await register(limited.client, { name: 'two' })).status, 532);
      assert.equal((await limited.client.call('registerIso', { name: 'iso', displaytext: 'iso', url: 'http://x.example.org/x.iso', zoneid: z1 })).status, 532);
      assert.equal((await limited.client.job('deleteTemplate', { id: first.body.template[0].id })).jobstatus, 1);
      assert.equal((await register(limited.client, { name: 'two' })).status, 200);
    });

    it('tags templates and filters by tag', async () => {
      const t = (await register(a.client, { name: 'tagged' })).body.template[0] as Body;
      await a.client.job('createTags', { resourcetype: 'Template', resourceids: t.id, 'tags[0].key': 'os', 'tags[0].value': 'ubuntu' });
      const found = await a.client.ok('listTemplates', { templatefilter: 'self', 'tags[0].key': 'os', 'tags[0].value': 'ubuntu' });
      assert.deepEqual(ids(found), [t.id]);
      assert.deepEqual(found.template[0].tags.map((x: Body) => [x.key, x.value, x.resourcetype]), [['os', 'ubuntu', 'Template']]);
      assert.deepEqual(await a.client.ok('listTemplates', { templatefilter: 'self', 'tags[0].key': 'os', 'tags[0].value': 'debian' }), {});
      const denied = await b.client.job('createTags', { resourcetype: 'Template', resourceids: t.id, 'tags[0].key': 'x', 'tags[0].value': 'y' });
      assert.equal(denied.jobstatus, 2);
    });

    it('updates a template', async () => {
      const t = (await register(a.client, { name: 'to-update' })).body.template[0] as Body;
      const u = (await a.client.ok('updateTemplate', { id: t.id, name: 'updated', displaytext: 'new text', ostypeid: ubuntu.id, sshkeyenabled: true })).template;
      assertResponseFields('updateTemplate', u);
      assert.deepEqual([u.name, u.displaytext, u.ostypename, u.sshkeyenabled], ['updated', 'new text', 'Ubuntu 22.04 LTS', true]);
      assert.equal((await a.client.call('updateTemplate', { id: t.id, ostypeid: crypto.randomUUID() })).status, 431);
      assert.equal((await a.client.call('updateTemplate', { id: t.id, sortkey: 3 })).status, 531);
      assert.equal((await a.client.call('updateTemplate', { id: t.id, format: 'ISO' })).status, 431);
      assert.equal((await admin.ok('updateTemplate', { id: t.id, sortkey: 3 })).template.name, 'updated');
    });

    it('registers, lists, updates, shares and deletes ISOs apart from templates', async () => {
      const r = await a.client.call('registerIso', { name: 'rescue', displaytext: 'Rescue ISO', url: 'https://images.example.org/rescue.iso', zoneid: z1, bootable: true });
      assert.equal(r.status, 200, r.raw);
      const iso = r.body.iso as Body;
      assertResponseFields('registerIso', iso);
      assert.deepEqual([iso.format, iso.bootable, iso.hypervisor, iso.ostypename], ['ISO', true, undefined, 'Other Linux (64-bit)']);
      assert.equal((await a.client.call('registerIso', { name: 'x', displaytext: 'x', url: 'http://x/x.iso' })).status, 431);
      await waitReady(a.client, 'listIsos', { id: iso.id }, 'iso');
      const mine = await a.client.ok('listIsos');
      assertListResponse('listIsos', mine);
      assert.deepEqual(ids(mine, 'iso'), [iso.id]);
      assert.ok(!ids(await a.client.ok('listTemplates', { templatefilter: 'self' })).includes(iso.id));
      assert.deepEqual(await b.client.ok('listIsos', { isofilter: 'executable' }), {});
      assert.equal((await a.client.call('updateTemplate', { id: iso.id, name: 'x' })).status, 431);
      assert.equal((await a.client.ok('updateIso', { id: iso.id, displaytext: 'Rescue 2' })).iso.displaytext, 'Rescue 2');
      await a.client.ok('updateIsoPermissions', { id: iso.id, op: 'add', accounts: 'b' });
      assert.deepEqual(ids(await b.client.ok('listIsos', { isofilter: 'sharedexecutable' }), 'iso'), [iso.id]);
      assert.deepEqual((await a.client.ok('listIsoPermissions', { id: iso.id })).isopermission[0].account, ['b']);
      assert.equal((await b.client.call('updateIso', { id: iso.id, name: 'x' })).status, 531);
      assert.equal((await a.client.job('deleteIso', { id: iso.id })).jobstatus, 1);
      assert.deepEqual(await a.client.ok('listIsos', { isofilter: 'self' }), {});
    });
  });
}
