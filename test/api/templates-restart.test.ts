import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`template downloads across a restart [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
    });
    after(() => server?.stop());

    it('resumes a download cut short by SIGKILL, and the built-in template is Ready in a new zone', async () => {
      const zone = (await admin.ok('createZone', { name: 'R', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' })).zone as Body;
      await admin.ok('addImageStore', { name: 'R-images', provider: 'NFS', url: 'nfs://10.0.0.2/r', zoneid: zone.id });
      const t = (await admin.ok('registerTemplate', { name: 'r', displaytext: 'r', url: 'http://images.example.org/r.qcow2', format: 'QCOW2', hypervisor: 'Simulator', zoneid: zone.id })).template[0] as Body;
      assert.equal(t.isready, false);
      await server.kill();
      await server.restart();
      let last: Body | undefined;
      for (let i = 0; i < 300 && !last?.isready; i++) {
        last = (await admin.ok('listTemplates', { templatefilter: 'self', id: t.id })).template?.[0];
        if (!last?.isready) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(last?.isready, true, JSON.stringify(last));
      assert.equal(last?.status, 'Download Complete');
      const builtin = await admin.ok('listTemplates', { templatefilter: 'featured', zoneid: zone.id, name: 'CentOS 5.6(64-bit) no GUI (Simulator)' });
      assert.equal(builtin.template[0].isready, true);
    });
  });
}
