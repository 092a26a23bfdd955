import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../packages/server/src/db/connect.ts';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { assertListResponse } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { createSimZone } from '../support/infrastructure.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

const BUILTIN = 'CentOS 5.6(64-bit) no GUI (Simulator)';

/** The (template name, zone id) rows of a list, sorted. */
const rows = (body: Body): string[] => ((body.template ?? []) as Body[]).map((t) => `${t.name}@${t.zoneid}`).sort();

// CloudStack lists a template only where a host can run its hypervisor (QueryManagerImpl.searchForTemplatesInternal),
// so a client taking the first template of a zone gets one it can deploy. A KVM host needs a live agent to be added;
// here a simulator host is made a KVM one in the database, which is all the listing reads.
for (const dialect of testDialects()) {
  describe(`templates listed by the hypervisors of a zone's hosts [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let handle: DatabaseHandle;
    let owner: TenantAccount;
    let user: TenantAccount;
    let simZone: string;
    let kvmZone: string;
    let bareZone: string;

    const store = (zoneid: string, name: string) => admin.ok('addImageStore', { name, provider: 'NFS', url: `nfs://10.0.0.2/${name}`, zoneid });
    const register = async (client: ApiClient, name: string, hypervisor: string, extra: Record<string, string | boolean> = {}) => {
      const format = hypervisor === 'KVM' ? 'QCOW2' : 'VHD';
      return (await client.ok('registerTemplate', { name, displaytext: name, url: `http://images.example.org/${name}`, format, hypervisor, zoneid: -1, ...extra })).template[0] as Body;
    };
    const list = (client: ApiClient, params: Record<string, string | number | boolean>) => client.ok('listTemplates', params);

    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      handle = openDatabase(server.db);
      const sim = await createSimZone(admin, { name: 'HS' });
      const kvm = await createSimZone(admin, { name: 'HK' });
      await handle.db.updateTable('host').set({ hypervisor: 'KVM' }).where('zone_id', '=', kvm.zone.id as string).execute();
      bareZone = (await admin.ok('createZone', { name: 'HB', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' })).zone.id as string;
      simZone = sim.zone.id as string;
      kvmZone = kvm.zone.id as string;
      await store(simZone, 'hs-images');
      await store(kvmZone, 'hk-images');
      await store(bareZone, 'hb-images');
      owner = await createTenant(admin, { username: 'owner' });
      user = await createTenant(admin, { username: 'user' });
      // Every template below is in every zone (zoneid=-1), so only the hypervisor decides where it is listed.
      const shared = [await register(owner.client, 'shared-kvm', 'KVM'), await register(owner.client, 'shared-sim', 'Simulator')];
      for (const t of shared) await owner.client.ok('updateTemplatePermissions', { id: t.id, op: 'add', accounts: 'user' });
      await register(owner.client, 'community-kvm', 'KVM', { ispublic: true });
      await register(owner.client, 'community-sim', 'Simulator', { ispublic: true });
      await register(admin, 'featured-kvm', 'KVM', { ispublic: true, isfeatured: true });
      await register(user.client, 'own-kvm', 'KVM');
      await register(user.client, 'own-sim', 'Simulator');
      await waitFor('every download', async () => ((await list(admin, { templatefilter: 'all', isready: false })).count ? undefined : true));
    });
    after(async () => {
      await handle?.close();
      await server?.stop();
    });

    it('lists only the Simulator templates in a zone of Simulator hosts, and only the KVM ones in a zone of KVM hosts', async () => {
      const inSim = await list(user.client, { templatefilter: 'executable', zoneid: simZone });
      assertListResponse('listTemplates', inSim);
      assert.deepEqual(rows(inSim), [BUILTIN, 'community-sim', 'own-sim', 'shared-sim'].map((n) => `${n}@${simZone}`));
      const inKvm = await list(user.client, { templatefilter: 'executable', zoneid: kvmZone });
      assert.deepEqual(rows(inKvm), ['community-kvm', 'featured-kvm', 'own-kvm', 'shared-kvm'].map((n) => `${n}@${kvmZone}`));
      // What Libcloud's "first image" of the KVM zone picks: a template its hosts run.
      assert.equal(((await list(user.client, { templatefilter: 'featured', zoneid: kvmZone })).template as Body[])[0].name, 'featured-kvm');
    });

    it('applies the rule under every templatefilter', async () => {
      const names = async (client: ApiClient, templatefilter: string, zoneid: string) => ((await list(client, { templatefilter, zoneid })).template as Body[] | undefined)?.map((t) => t.name as string).sort() ?? [];
      const expected: [ApiClient, string, string[], string[]][] = [
        [user.client, 'featured', [BUILTIN], ['featured-kvm']],
        [user.client, 'self', ['own-sim'], ['own-kvm']],
        [user.client, 'selfexecutable', ['own-sim'], ['own-kvm']],
        [user.client, 'sharedexecutable', ['shared-sim'], ['shared-kvm']],
        [user.client, 'community', ['community-sim'], ['community-kvm']],
        [admin, 'all', [BUILTIN, 'community-sim', 'own-sim', 'shared-sim'], ['community-kvm', 'featured-kvm', 'own-kvm', 'shared-kvm']],
      ];
      for (const [client, filter, sim, kvm] of expected) {
        assert.deepEqual(await names(client, filter, simZone), sim, `${filter} in the Simulator zone`);
        assert.deepEqual(await names(client, filter, kvmZone), kvm, `${filter} in the KVM zone`);
      }
    });

    it('filters each zone of a cross-zone template by its own hosts, keeps counts and pages right, and leaves host-less zones alone', async () => {
      const all = await list(admin, { templatefilter: 'all', keyword: 'community' });
      assert.deepEqual(rows(all), [`community-kvm@${bareZone}`, `community-kvm@${kvmZone}`, `community-sim@${bareZone}`, `community-sim@${simZone}`].sort());
      assert.equal(all.count, 4);
      const page = await list(admin, { templatefilter: 'all', keyword: 'community', page: 2, pagesize: 3 });
      assert.deepEqual([page.count, page.template.length], [4, 1]);
      // A zone without hosts runs nothing yet: it lists every template, so images can be prepared before hosts come.
      const bare = await list(user.client, { templatefilter: 'executable', zoneid: bareZone });
      assert.deepEqual(rows(bare), [BUILTIN, 'community-kvm', 'community-sim', 'featured-kvm', 'own-kvm', 'own-sim', 'shared-kvm', 'shared-sim'].map((n) => `${n}@${bareZone}`));
    });

    it('narrows further by hypervisor=, and never filters ISOs', async () => {
      assert.deepEqual(await list(user.client, { templatefilter: 'executable', zoneid: simZone, hypervisor: 'KVM' }), {});
      assert.deepEqual(rows(await list(user.client, { templatefilter: 'executable', zoneid: kvmZone, hypervisor: 'kvm' })), ['community-kvm', 'featured-kvm', 'own-kvm', 'shared-kvm'].map((n) => `${n}@${kvmZone}`));
      const iso = (await user.client.ok('registerIso', { name: 'rescue', displaytext: 'rescue', url: 'http://images.example.org/rescue.iso', zoneid: kvmZone })).iso as Body;
      const isos = await user.client.ok('listIsos', { isofilter: 'self', zoneid: kvmZone });
      assert.deepEqual(isos.iso.map((i: Body) => i.id), [iso.id]);
    });
  });
}
