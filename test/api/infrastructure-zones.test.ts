import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { oneTenant } from '../support/tenants.ts';

for (const dialect of testDialects()) {
  describe(`infrastructure: zones, pods, clusters [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let user: TenantAccount;
    before(async () => {
      ({ server, admin, user } = await oneTenant(dialect, 'zoneuser'));
    });
    after(() => server?.stop());

    const zoneArgs = (name: string) => ({ name, networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' });

    it('creates an Advanced zone Disabled, with the default guest CIDR, and updates it', async () => {
      const z = (await admin.ok('createZone', { ...zoneArgs('Z1'), dns2: '8.8.4.4', domain: 'cloud.example.org' })).zone as Body;
      assertResponseFields('createZone', z);
      assert.equal(z.networktype, 'Advanced');
      assert.equal(z.allocationstate, 'Disabled');
      assert.equal(z.guestcidraddress, '10.1.1.0/24');
      assert.equal(z.dns2, '8.8.4.4');
      assert.equal(z.internaldns1, '10.0.0.2');
      assert.equal(z.domain, 'cloud.example.org');
      assert.equal(z.securitygroupsenabled, false);
      const u = (await admin.ok('updateZone', { id: z.id, name: 'Z1b', allocationstate: 'enabled', guestcidraddress: '10.2.0.0/16' })).zone as Body;
      assert.equal(u.name, 'Z1b');
      assert.equal(u.allocationstate, 'Enabled');
      assert.equal(u.guestcidraddress, '10.2.0.0/16');
      const basic = (await admin.ok('createZone', { ...zoneArgs('B1'), networktype: 'basic' })).zone as Body;
      assert.equal(basic.networktype, 'Basic');
      assert.equal(basic.securitygroupsenabled, true);
      assert.equal(basic.guestcidraddress, undefined);
    });

    it('refuses bad zone parameters and duplicate names with 431', async () => {
      const bads: Record<string, string>[] = [{ networktype: 'Flat' }, { dns1: '8.8.8' }, { internaldns1: 'x' }, { guestcidraddress: '10.0.0.0/40' }, { allocationstate: 'On' }, { domainid: crypto.randomUUID() }];
      for (const bad of bads) {
        const r = await admin.call('createZone', { ...zoneArgs(`bad-${Object.keys(bad)[0]}`), ...bad });
        assert.equal(r.status, 431, JSON.stringify(bad));
      }
      await admin.ok('createZone', zoneArgs('Dup'));
      const dup = await admin.call('createZone', zoneArgs('dup'));
      assert.equal(dup.status, 431);
      assert.match(dup.body.errortext, /already exists/);
      assert.equal((await admin.call('createZone', { name: 'x' })).status, 431);
      assert.equal((await admin.call('updateZone', { id: crypto.randomUUID(), name: 'y' })).status, 431);
    });

    it('lists zones by id, name, keyword, network type, with paging and capacities', async () => {
      const all = await admin.ok('listZones', {});
      assertListResponse('listZones', all);
      assert.ok(all.count >= 3);
      const byName = await admin.ok('listZones', { name: 'B1' });
      assert.equal(byName.count, 1);
      const kw = await admin.ok('listZones', { keyword: 'z1' });
      assert.deepEqual(kw.zone.map((z: Body) => z.name), ['Z1b']);
      const basic = await admin.ok('listZones', { networktype: 'Basic' });
      assert.ok(basic.zone.every((z: Body) => z.networktype === 'Basic'));
      const page = await admin.ok('listZones', { page: 1, pagesize: 1 });
      assert.equal(page.zone.length, 1);
      assert.equal(page.count, all.count);
      const cap = await admin.ok('listZones', { id: byName.zone[0].id, showcapacities: true });
      assert.ok(Array.isArray(cap.zone[0].capacity));
    });

    it('shows users only enabled, public zones, without internal DNS, and refuses them zone changes', async () => {
      const seen = ((await user.client.ok('listZones', {})).zone ?? []) as Body[];
      assert.deepEqual(seen.map((z) => z.name), ['Z1b']);
      assert.equal(seen[0].internaldns1, undefined);
      assert.equal(seen[0].guestcidraddress, undefined);
      const dom = (await admin.ok('createDomain', { name: 'Elsewhere' })).domain as Body;
      const dedicated = (await admin.ok('createZone', { ...zoneArgs('Dedicated'), domainid: dom.id, allocationstate: 'Enabled' })).zone as Body;
      assert.equal(dedicated.domainid, dom.id);
      assert.equal(dedicated.domainname, 'Elsewhere');
      assert.ok(!((await user.client.ok('listZones', {})).zone as Body[]).some((z) => z.id === dedicated.id));
      const insider = await createTenant(admin, { username: 'insider', domainid: dom.id });
      assert.ok(((await insider.client.ok('listZones', {})).zone as Body[]).some((z) => z.id === dedicated.id));
      for (const [cmd, args] of [
        ['createZone', zoneArgs('Mine')],
        ['updateZone', { id: dedicated.id, name: 'x' }],
        ['deleteZone', { id: dedicated.id }],
        ['createPod', { zoneid: dedicated.id, name: 'p' }],
        ['listPods', {}],
        ['listClusters', {}],
        ['listCapacity', {}],
      ] as const) {
        assert.equal((await user.client.call(cmd, args)).status, 432, cmd);
      }
    });

    it('creates, updates, lists and deletes pods with their IP ranges', async () => {
      const z = (await admin.ok('listZones', { name: 'Z1b' })).zone[0] as Body;
      const pod = (await admin.ok('createPod', { zoneid: z.id, name: 'P1', gateway: '192.168.1.1', netmask: '255.255.255.0', startip: '192.168.1.10', endip: '192.168.1.20' })).pod as Body;
      assertResponseFields('createPod', pod);
      assert.equal(pod.zonename, 'Z1b');
      assert.deepEqual(pod.startip, ['192.168.1.10']);
      assert.equal(pod.allocationstate, 'Enabled');
      const overlap = await admin.call('createPod', { zoneid: z.id, name: 'P2', gateway: '192.168.1.1', netmask: '255.255.255.0', startip: '192.168.1.15', endip: '192.168.1.30' });
      assert.equal(overlap.status, 431);
      assert.match(overlap.body.errortext, /overlaps/);
      const outside = await admin.call('createPod', { zoneid: z.id, name: 'P2', gateway: '192.168.1.1', netmask: '255.255.255.0', startip: '192.168.2.10' });
      assert.equal(outside.status, 431);
      assert.equal((await admin.call('createPod', { zoneid: z.id, name: 'p1' })).status, 431);
      const p2 = (await admin.ok('createPod', { zoneid: z.id, name: 'P2' })).pod as Body;
      assert.deepEqual(p2.startip, []);
      const upd = (await admin.ok('updatePod', { id: pod.id, name: 'P1b', allocationstate: 'Disabled', endip: '192.168.1.30' })).pod as Body;
      assert.equal(upd.name, 'P1b');
      assert.equal(upd.allocationstate, 'Disabled');
      assert.deepEqual(upd.endip, ['192.168.1.30']);
      const listed = await admin.ok('listPods', { zoneid: z.id });
      assertListResponse('listPods', listed);
      assert.deepEqual(listed.pod.map((p: Body) => p.name), ['P1b', 'P2']);
      assert.equal((await admin.ok('listPods', { allocationstate: 'Disabled', zoneid: z.id })).count, 1);
      const priv = await admin.ok('listPods', { id: pod.id, showcapacities: true });
      const ips = (priv.pod[0].capacity as Body[]).find((c) => c.type === 5);
      assert.equal(ips?.capacitytotal, 21);
      await admin.ok('deletePod', { id: p2.id });
      assert.equal((await admin.call('deletePod', { id: p2.id })).status, 431);
    });

    it('adds clusters (as a one-item list), updates, lists and deletes them; a zone with pods is in use', async () => {
      const z = (await admin.ok('listZones', { name: 'Z1b' })).zone[0] as Body;
      const pod = (await admin.ok('listPods', { name: 'P1b' })).pod[0] as Body;
      const added = await admin.ok('addCluster', { zoneid: z.id, podid: pod.id, clustername: 'C1', clustertype: 'CloudManaged', hypervisor: 'simulator' });
      assert.equal(added.count, 1);
      const c = added.cluster[0] as Body;
      assertResponseFields('addCluster', c);
      assert.equal(c.hypervisortype, 'Simulator');
      assert.equal(c.podname, 'P1b');
      assert.equal(c.cpuovercommitratio, '1');
      assert.equal(c.allocationstate, 'Enabled');
      assert.equal((await admin.call('addCluster', { zoneid: z.id, podid: pod.id, clustername: 'C1', clustertype: 'CloudManaged', hypervisor: 'Simulator' })).status, 431);
      assert.equal((await admin.call('addCluster', { zoneid: z.id, podid: pod.id, clustername: 'C2', clustertype: 'CloudManaged', hypervisor: 'Potato' })).status, 431);
      const other = (await admin.ok('listZones', { name: 'B1' })).zone[0] as Body;
      assert.equal((await admin.call('addCluster', { zoneid: other.id, podid: pod.id, clustername: 'C2', clustertype: 'CloudManaged', hypervisor: 'Simulator' })).status, 431);
      await admin.ok('updateConfiguration', { name: 'cpu.overprovisioning.factor', value: '2.5', clusterid: c.id });
      const u = (await admin.ok('updateCluster', { id: c.id, clustername: 'C1b', allocationstate: 'Disabled' })).cluster as Body;
      assert.equal(u.name, 'C1b');
      assert.equal(u.allocationstate, 'Disabled');
      assert.equal(u.cpuovercommitratio, '2.5');
      const listed = await admin.ok('listClusters', { podid: pod.id, hypervisor: 'Simulator' });
      assertListResponse('listClusters', listed);
      assert.equal(listed.count, 1);
      const zoneDel = await admin.call('deleteZone', { id: z.id });
      assert.equal(zoneDel.status, 536);
      assert.match(zoneDel.body.errortext, /pods/);
      assert.equal((await admin.call('deletePod', { id: pod.id })).status, 536);
      await admin.ok('deleteCluster', { id: c.id });
      await admin.ok('deletePod', { id: pod.id });
      await admin.ok('deleteZone', { id: z.id });
      assert.equal((await admin.ok('listZones', { id: z.id })).count ?? 0, 0);
    });

    it('records events for zone changes, and lets a domain admin see zones but not change them', async () => {
      const events = await admin.ok('listEvents', { type: 'ZONE.CREATE', listall: true });
      assert.ok((events.event as Body[]).some((e) => /created zone Z1/.test(e.description)));
      assert.ok(((await admin.ok('listEvents', { type: 'POD.DELETE', listall: true })).event as Body[]).length > 0);
      const da = await createTenant(admin, { username: 'zonedomadmin', accounttype: 2 });
      const seen = ((await da.client.ok('listZones', {})).zone ?? []) as Body[];
      assert.ok(seen.every((z) => z.allocationstate === 'Enabled'));
      assert.ok(!seen.some((z) => z.name === 'B1'));
      assert.equal((await da.client.call('createZone', zoneArgs('DA'))).status, 432);
      assert.equal((await da.client.call('listHosts', {})).status, 432);
    });

    it('lists hypervisors: the supported ones, or those of a zone\'s clusters', async () => {
      const all = await user.client.ok('listHypervisors', {});
      assertListResponse('listHypervisors', all);
      assert.ok(all.hypervisor.some((h: Body) => h.name === 'Simulator'));
      const z = (await admin.ok('listZones', { name: 'B1' })).zone[0] as Body;
      assert.deepEqual(await admin.ok('listHypervisors', { zoneid: z.id }), {});
    });
  });
}
