import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { expectError, job, jobError } from '../support/calls.ts';
import { buildSimZone, waitFor, type SimZone } from '../support/compute.ts';
import { assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

const GiB = 1024 ** 3;
const scratch = mkdtempSync(join(tmpdir(), 'nimbus-extract-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Fetches a download URL and asks qemu-img what it got. */
async function fetchImage(url: string): Promise<{ format: string; virtualSize: number; disposition: string | null }> {
  const res = await fetch(url);
  assert.equal(res.status, 200, await res.clone().text());
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(Number(res.headers.get('content-length')), bytes.length);
  const file = join(scratch, `${Math.random().toString(16).slice(2)}.qcow2`);
  writeFileSync(file, bytes);
  const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', file]).toString()) as { format: string; 'virtual-size': number };
  return { format: info.format, virtualSize: info['virtual-size'], disposition: res.headers.get('content-disposition') };
}

for (const dialect of testDialects()) {
  describe(`extractVolume, extractTemplate, extractIso [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let bob: TenantAccount;
    let sim: SimZone;
    let custom: Body;
    let data: Body;

    before(async () => {
      ({ server, admin, sim, alice, bob } = await tenantWorld(dialect, (a) => buildSimZone(a)));
      custom = ((await admin.ok('listDiskOfferings', {})).diskoffering as Body[]).find((o) => o.iscustomized === true) as Body;
      data = (await job(alice.client, 'createVolume', { name: 'data', diskofferingid: custom.id as string, zoneid: sim.zone.id, size: 3 })).volume;
    });
    after(() => server?.stop());

    it('extracts a detached data disk: the URL gives a qcow2 of its virtual size', async () => {
      const r = (await job(alice.client, 'extractVolume', { id: data.id as string, zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' })).volume;
      assertResponseFields('extractVolume', r);
      assert.equal(r.id, data.id);
      assert.equal(r.name, 'data');
      assert.equal(r.extractMode, 'HTTP_DOWNLOAD');
      assert.equal(r.state, 'DOWNLOAD_URL_CREATED');
      assert.equal(r.zoneid, sim.zone.id);
      assert.equal(r.zonename, sim.zone.name);
      assert.equal(r.accountid, alice.account.id);
      assert.match(r.url as string, new RegExp(`^${server.url.replace(/\/client\/api$/, '')}/client/download/[\\w-]{32}$`));
      const image = await fetchImage(r.url as string);
      assert.deepEqual(image, { format: 'qcow2', virtualSize: 3 * GiB, disposition: 'attachment; filename="data.qcow2"' });
      // Good until it expires, for a retried download too.
      assert.equal((await fetchImage(r.url as string)).virtualSize, 3 * GiB);
      const events = (await alice.client.ok('listEvents', { type: 'VOLUME.EXTRACT' })).event as Body[];
      assert.ok(events.some((e) => e.state === 'Completed' && e.level === 'INFO'), JSON.stringify(events));
    });

    it('extracts the ROOT disk of a stopped VM, not of a running one', async () => {
      const vm = (await job(admin, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id as string, templateid: sim.template.id as string, name: 'web' })).virtualmachine;
      const [root] = (await admin.ok('listVolumes', { virtualmachineid: vm.id as string, type: 'ROOT' })).volume as Body[];
      await jobError(admin, 'extractVolume', { id: root.id as string, zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' }, 531, /detached or the VM should be in stopped state/);
      await job(admin, 'stopVirtualMachine', { id: vm.id as string });
      const r = (await job(admin, 'extractVolume', { id: root.id as string, zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' })).volume;
      const image = await fetchImage(r.url as string);
      assert.equal(image.format, 'qcow2');
      assert.equal(image.virtualSize, root.size);
      // Started again: the URL issued while it was stopped no longer gives the disk a guest is writing to.
      await job(admin, 'startVirtualMachine', { id: vm.id as string });
      const refused = await fetch(r.url as string);
      assert.equal(refused.status, 409);
      assert.match(await refused.text(), /stopped state/);
    });

    it('refuses bad ids, modes and zones, others\' volumes, and unknown or expired links', async () => {
      await expectError(alice.client, 'extractVolume', { id: 'nope', zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' }, 431);
      await expectError(alice.client, 'extractVolume', { id: crypto.randomUUID(), zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' }, 431);
      await expectError(alice.client, 'extractVolume', { id: data.id as string, zoneid: sim.zone.id }, 431, /mode/);
      await jobError(alice.client, 'extractVolume', { id: data.id as string, zoneid: sim.zone.id, mode: 'FTP_UPLOAD' }, 431, /FTP_UPLOAD is not supported/);
      await jobError(alice.client, 'extractVolume', { id: data.id as string, zoneid: sim.zone.id, mode: 'SCP' }, 431, /valid extract Mode/);
      await jobError(bob.client, 'extractVolume', { id: data.id as string, zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' }, 531);
      const origin = server.url.replace(/\/client\/api$/, '');
      const unknown = await fetch(`${origin}/client/download/${'x'.repeat(32)}`);
      assert.equal(unknown.status, 404);
      assert.match(await unknown.text(), /No such download link/);
      await admin.ok('updateConfiguration', { name: 'extract.url.expiration.interval', value: '1' });
      try {
        const r = (await job(alice.client, 'extractVolume', { id: data.id as string, zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' })).volume;
        await new Promise((res) => setTimeout(res, 1500));
        const expired = await fetch(r.url as string);
        assert.equal(expired.status, 410);
        assert.match(await expired.text(), /expired/);
      } finally {
        await admin.ok('updateConfiguration', { name: 'extract.url.expiration.interval', value: '14400' });
      }
    });

    it('extracts an extractable template from the pool holding it, else answers its registration URL', async () => {
      const [ostype] = (await admin.ok('listOsTypes', {})).ostype as Body[];
      const register = async (name: string, extractable: boolean) => {
        const t = (await alice.client.ok('registerTemplate', { name, displaytext: name, format: 'QCOW2', hypervisor: 'Simulator', url: `http://images.example.org/${name}.qcow2`, zoneid: sim.zone.id, ostypeid: ostype.id as string, isextractable: extractable })).template[0];
        return waitFor(`template ${name}`, async () => {
          const l = (await alice.client.ok('listTemplates', { templatefilter: 'self', id: t.id as string })).template?.[0];
          return l?.isready ? (l as Body) : undefined;
        });
      };
      const used = await register('used', true);
      await job(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id as string, templateid: used.id as string, name: 'from-used' });
      const r = (await job(alice.client, 'extractTemplate', { id: used.id as string, zoneid: sim.zone.id, mode: 'HTTP_DOWNLOAD' })).template;
      assertResponseFields('extractTemplate', r);
      assert.equal(r.id, used.id);
      assert.match(r.url as string, /\/client\/download\//);
      const image = await fetchImage(r.url as string);
      assert.equal(image.format, 'qcow2');
      assert.equal(image.virtualSize, used.size);
      assert.equal(image.disposition, 'attachment; filename="used.qcow2"');

      const unused = await register('unused', true);
      const u = (await job(alice.client, 'extractTemplate', { id: unused.id as string, mode: 'HTTP_DOWNLOAD' })).template;
      assert.equal(u.url, 'http://images.example.org/unused.qcow2');
      assert.equal(u.zoneid, sim.zone.id);

      const locked = await register('locked', false);
      await jobError(alice.client, 'extractTemplate', { id: locked.id as string, mode: 'HTTP_DOWNLOAD' }, 431, /not extractable/);
      await job(admin, 'extractTemplate', { id: locked.id as string, mode: 'HTTP_DOWNLOAD' });
      await jobError(bob.client, 'extractTemplate', { id: used.id as string, mode: 'HTTP_DOWNLOAD' }, 531);
      await jobError(alice.client, 'extractIso', { id: used.id as string, mode: 'HTTP_DOWNLOAD' }, 431);
      await expectError(alice.client, 'extractTemplate', { id: 'nope', mode: 'HTTP_DOWNLOAD' }, 431);
    });

    it('extracts an ISO as the URL it was registered from', async () => {
      const [ostype] = (await admin.ok('listOsTypes', {})).ostype as Body[];
      const iso = (await alice.client.ok('registerIso', { name: 'tools', displaytext: 'tools', url: 'http://images.example.org/tools.iso', zoneid: sim.zone.id, ostypeid: ostype.id as string, isextractable: true })).iso as Body;
      await waitFor('the ISO', async () => ((await alice.client.ok('listIsos', { isofilter: 'self', id: iso.id as string })).iso?.[0]?.isready ? true : undefined));
      const r = (await job(alice.client, 'extractIso', { id: iso.id as string, mode: 'HTTP_DOWNLOAD' })).iso;
      assertResponseFields('extractIso', r);
      assert.equal(r.url, 'http://images.example.org/tools.iso');
      assert.equal(r.name, 'tools');
    });
  });
}
