import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { assertListResponse } from '../support/fidelity.ts';
import { createSimZone, type SimZone } from '../support/infrastructure.ts';
import type { TenantAccount } from '../support/identity.ts';
import { oneTenant } from '../support/tenants.ts';
import { testDialects, type TestServer } from '../support/server.ts';

// Alerts: raised for operators when hosts change state, listed, archived and deleted by root admins only.
for (const dialect of testDialects()) {
  describe(`alerts [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let user: TenantAccount;
    let sim: SimZone;
    before(async () => {
      ({ server, admin, user } = await oneTenant(dialect, 'alice'));
      sim = await createSimZone(admin, { hosts: 1 });
    });
    after(() => server?.stop());

    it('raises ALERT.HOST when a host goes down and when it comes back, newest first', async () => {
      const [h] = sim.hosts;
      await admin.ok('configureSimulatorHost', { hostid: h.id, down: true });
      await admin.ok('configureSimulatorHost', { hostid: h.id, down: false });
      await admin.job('reconnectHost', { id: h.id });
      const r = await admin.call('listAlerts', { name: 'alert.host' });
      assertListResponse('listAlerts', r.body);
      const alerts = r.body.alert as Body[];
      assert.ok(alerts.length >= 2, JSON.stringify(alerts));
      assert.match(alerts[0].description, new RegExp(`Host ${h.name} .* is Up`));
      assert.ok(alerts.some((a) => /is Down/.test(a.description)));
      assert.ok(alerts.every((a) => a.type === 7 && a.name === 'ALERT.HOST'));
      assert.equal((await admin.ok('listAlerts', { type: 7, pagesize: 1, page: 1 })).alert.length, 1);
      const types = (await admin.ok('listAlertTypes', {})).alerttype as Body[];
      assert.deepEqual(types.map((t) => t.name).sort(), ['ALERT.HOST', 'ALERT.USERVM']);
    });

    it('archives and deletes alerts by id or type, and refuses unknown ids and calls without a selection', async () => {
      const [first, ...rest] = (await admin.ok('listAlerts', {})).alert as Body[];
      await admin.ok('archiveAlerts', { ids: first.id });
      assert.ok(!((await admin.ok('listAlerts', {})).alert as Body[] | undefined)?.some((a) => a.id === first.id));
      const bad = await admin.call('deleteAlerts', { ids: '00000000-0000-4000-8000-000000000000' });
      assert.equal(bad.status, 431);
      assert.equal((await admin.call('deleteAlerts', {})).status, 431);
      await admin.ok('deleteAlerts', { type: 7 });
      assert.equal((await admin.ok('listAlerts', {})).alert, undefined, `left: ${rest.length} deleted by type`);
    });

    it('is for root admins only', async () => {
      assert.equal((await user.client.call('listAlerts', {})).status, 432);
      assert.equal((await user.client.call('archiveAlerts', { type: 7 })).status, 432);
    });
  });
}
