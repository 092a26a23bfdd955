import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startTestServer, testDialects, type TestServer } from '../support/server.ts';
import { oneTenant } from '../support/tenants.ts';

const names = (body: Body, key: string): string[] => ((body[key] ?? []) as Body[]).map((o) => o.name as string);

for (const dialect of testDialects()) {
  describe(`service and disk offerings [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let d: Body;
    let other: Body;
    let userInSub: TenantAccount;
    let userInOther: TenantAccount;
    let domainAdmin: TenantAccount;
    let otherAdmin: TenantAccount;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      d = (await admin.ok('createDomain', { name: 'D' })).domain;
      const sub = (await admin.ok('createDomain', { name: 'Sub', parentdomainid: d.id })).domain;
      other = (await admin.ok('createDomain', { name: 'O' })).domain;
      userInSub = await createTenant(admin, { username: 'u-sub', domainid: sub.id });
      userInOther = await createTenant(admin, { username: 'u-other', domainid: other.id });
      domainAdmin = await createTenant(admin, { username: 'da', domainid: d.id, accounttype: 2 });
      otherAdmin = await createTenant(admin, { username: 'oa', domainid: other.id, accounttype: 2 });
    });
    after(() => server?.stop());

    it('seeds CloudStack\'s default service and disk offerings', async () => {
      const so = await userInSub.client.ok('listServiceOfferings');
      assertListResponse('listServiceOfferings', so);
      assert.deepEqual(names(so, 'serviceoffering'), ['Small Instance', 'Medium Instance']);
      const small = so.serviceoffering[0];
      assert.deepEqual([small.cpunumber, small.cpuspeed, small.memory, small.iscustomized], [1, 500, 512, false]);
      assert.deepEqual([so.serviceoffering[1].cpuspeed, so.serviceoffering[1].memory], [1000, 1024]);
      const disks = await userInSub.client.ok('listDiskOfferings');
      assertListResponse('listDiskOfferings', disks);
      assert.deepEqual(names(disks, 'diskoffering'), ['Small', 'Medium', 'Large', 'Custom']);
      assert.deepEqual(disks.diskoffering.map((o: Body) => o.disksize), [5, 20, 100, 0]);
      assert.equal(disks.diskoffering[3].iscustomized, true);
      const system = await admin.ok('listServiceOfferings', { issystem: true });
      assert.deepEqual(names(system, 'serviceoffering'), ['System Offering For Software Router']);
      assert.equal(system.serviceoffering[0].systemvmtype, 'domainrouter');
      assert.equal((await userInSub.client.call('listServiceOfferings', { issystem: true })).status, 531);
    });

    it('creates fixed and customised service offerings and refuses bad figures', async () => {
      const fixed = (await admin.ok('createServiceOffering', { name: 'Big', displaytext: 'Big one', cpunumber: 4, cpuspeed: 2000, memory: 8192, offerha: true, hosttags: 'fast', limitcpuuse: true })).serviceoffering;
      assertResponseFields('createServiceOffering', fixed);
      assert.deepEqual([fixed.cpunumber, fixed.memory, fixed.offerha, fixed.hosttags, fixed.limitcpuuse, fixed.iscustomized, fixed.state], [4, 8192, true, 'fast', true, false, 'Active']);
      const custom = (await admin.ok('createServiceOffering', { name: 'Any', displaytext: 'Any size', customized: true, mincpunumber: 1, maxcpunumber: 8, minmemory: 512, maxmemory: 16384 })).serviceoffering;
      assert.equal(custom.iscustomized, true);
      assert.deepEqual(custom.serviceofferingdetails, { mincpunumber: '1', maxcpunumber: '8', minmemory: '512', maxmemory: '16384' });
      const bad: Record<string, string | number | boolean>[] = [
        { name: 'x', displaytext: 'x', customized: false, cpunumber: 1, cpuspeed: 100 },
        { name: 'x', displaytext: 'x', cpunumber: 0, cpuspeed: 100, memory: 512 },
        { name: 'x', displaytext: 'x', cpunumber: 1, cpuspeed: 100, memory: 512, storagetype: 'tape' },
        { name: 'x', displaytext: 'x', customized: true, mincpunumber: 4, maxcpunumber: 2 },
        { name: 'x', displaytext: 'x', cpunumber: 1, cpuspeed: 100, memory: 512, mincpunumber: 1 },
        { displaytext: 'x', cpunumber: 1, cpuspeed: 100, memory: 512 },
      ];
      for (const params of bad) assert.equal((await admin.call('createServiceOffering', params)).status, 431, JSON.stringify(params));
      const byCpu = await admin.ok('listServiceOfferings', { cpunumber: 4 });
      assert.deepEqual(names(byCpu, 'serviceoffering').sort(), ['Any', 'Big']);
      assert.equal((await userInSub.client.call('createServiceOffering', { name: 'u', displaytext: 'u', cpunumber: 1, cpuspeed: 1, memory: 64 })).status, 432);
    });

    it('updates, deactivates and deletes a service offering', async () => {
      const o = (await admin.ok('createServiceOffering', { name: 'Temp', displaytext: 'Temp', cpunumber: 1, cpuspeed: 100, memory: 128 })).serviceoffering;
      const updated = (await admin.ok('updateServiceOffering', { id: o.id, name: 'Temp2', displaytext: 'Renamed', hosttags: 'a,b' })).serviceoffering;
      assert.deepEqual([updated.name, updated.displaytext, updated.hosttags], ['Temp2', 'Renamed', 'a,b']);
      await admin.ok('updateServiceOffering', { id: o.id, state: 'Inactive' });
      assert.equal((await userInSub.client.ok('listServiceOfferings', { id: o.id })).count, undefined);
      assert.equal((await admin.ok('listServiceOfferings', { id: o.id, state: 'Inactive' })).count, 1);
      assert.equal((await admin.call('updateServiceOffering', { id: o.id, state: 'Gone' })).status, 431);
      assert.equal((await admin.ok('deleteServiceOffering', { id: o.id })).success, true);
      assert.deepEqual(await admin.ok('listServiceOfferings', { id: o.id, state: 'all' }), {});
      assert.equal((await admin.call('deleteServiceOffering', { id: o.id })).status, 431);
      assert.equal((await admin.call('updateServiceOffering', { id: o.id, name: 'x' })).status, 431);
    });

    it('limits an offering to domains: visible and usable there and in subdomains only', async () => {
      const o = (await admin.ok('createServiceOffering', { name: 'D only', displaytext: 'D only', cpunumber: 1, cpuspeed: 100, memory: 128, domainid: d.id })).serviceoffering;
      assert.equal(o.domainid, d.id);
      assert.equal(o.domain, 'D');
      assert.ok(names(await userInSub.client.ok('listServiceOfferings'), 'serviceoffering').includes('D only'));
      assert.ok(!names(await userInOther.client.ok('listServiceOfferings'), 'serviceoffering').includes('D only'));
      assert.deepEqual(await userInOther.client.ok('listServiceOfferings', { id: o.id }), {});
      assert.ok(names(await otherAdmin.client.ok('listServiceOfferings'), 'serviceoffering').includes('Small Instance'));
      assert.deepEqual(names(await admin.ok('listServiceOfferings', { domainid: d.id }), 'serviceoffering'), ['D only']);
      // A domain admin manages offerings of its own subtree only, and may not make public ones.
      assert.equal((await otherAdmin.client.call('updateServiceOffering', { id: o.id, name: 'mine' })).status, 531);
      assert.equal((await otherAdmin.client.call('deleteServiceOffering', { id: o.id })).status, 531);
      assert.equal((await domainAdmin.client.call('createServiceOffering', { name: 'pub', displaytext: 'p', cpunumber: 1, cpuspeed: 1, memory: 64 })).status, 531);
      assert.equal((await domainAdmin.client.call('createServiceOffering', { name: 'o', displaytext: 'o', cpunumber: 1, cpuspeed: 1, memory: 64, domainid: other.id })).status, 531);
      const own = (await domainAdmin.client.ok('createServiceOffering', { name: 'DA', displaytext: 'DA', cpunumber: 1, cpuspeed: 1, memory: 64, domainid: d.id })).serviceoffering;
      assert.equal((await domainAdmin.client.call('updateServiceOffering', { id: own.id, domainid: 'public' })).status, 531);
      assert.equal((await domainAdmin.client.ok('updateServiceOffering', { id: own.id, displaytext: 'mine' })).serviceoffering.displaytext, 'mine');
      assert.equal((await domainAdmin.client.call('updateServiceOffering', { id: (await admin.ok('listServiceOfferings', { name: 'Small Instance' })).serviceoffering[0].id, name: 'x' })).status, 531);
      // Lifting the limit makes it public.
      await admin.ok('updateServiceOffering', { id: o.id, domainid: 'public' });
      assert.ok(names(await userInOther.client.ok('listServiceOfferings'), 'serviceoffering').includes('D only'));
    });

    it('limits disk offerings to domains and hides undisplayed ones from users', async () => {
      const o = (await admin.ok('createDiskOffering', { name: 'D disk', displaytext: 'D disk', disksize: 7, domainid: d.id, tags: 'ssd' })).diskoffering;
      assertResponseFields('createDiskOffering', o);
      assert.deepEqual([o.disksize, o.tags, o.iscustomized, o.domainid], [7, 'ssd', false, d.id]);
      assert.ok(names(await userInSub.client.ok('listDiskOfferings'), 'diskoffering').includes('D disk'));
      assert.ok(!names(await userInOther.client.ok('listDiskOfferings'), 'diskoffering').includes('D disk'));
      const hidden = (await admin.ok('createDiskOffering', { name: 'Hidden', displaytext: 'h', customized: true, displayoffering: false })).diskoffering;
      assert.equal(hidden.iscustomized, true);
      assert.ok(!names(await userInSub.client.ok('listDiskOfferings'), 'diskoffering').includes('Hidden'));
      assert.ok(names(await admin.ok('listDiskOfferings'), 'diskoffering').includes('Hidden'));
      assert.equal((await admin.call('createDiskOffering', { name: 'x', displaytext: 'x' })).status, 431);
      assert.equal((await admin.call('createDiskOffering', { name: 'x', displaytext: 'x', customized: true, disksize: 3 })).status, 431);
      assert.equal((await admin.call('createDiskOffering', { name: 'x', displaytext: 'x', disksize: 0 })).status, 431);
      const up = (await admin.ok('updateDiskOffering', { id: o.id, name: 'D disk 2', tags: 'nvme' })).diskoffering;
      assert.deepEqual([up.name, up.tags], ['D disk 2', 'nvme']);
      assert.equal((await otherAdmin.client.call('deleteDiskOffering', { id: o.id })).status, 531);
      assert.equal((await admin.ok('deleteDiskOffering', { id: o.id })).success, true);
      assert.deepEqual(await admin.ok('listDiskOfferings', { id: o.id }), {});
    });

    it('limits offerings to zones', async () => {
      const zone = async (name: string) => (await admin.ok('createZone', { name, networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.2' })).zone.id as string;
      const z1 = await zone('Z1');
      const z2 = await zone('Z2');
      const o = (await admin.ok('createServiceOffering', { name: 'Z1', displaytext: 'Z1', cpunumber: 1, cpuspeed: 100, memory: 128, zoneid: z1 })).serviceoffering;
      assert.deepEqual([o.zoneid, o.zone], [z1, 'Z1']);
      assert.equal((await admin.call('createServiceOffering', { name: 'Z?', displaytext: 'Z?', cpunumber: 1, cpuspeed: 100, memory: 128, zoneid: crypto.randomUUID() })).status, 431);
      assert.equal((await admin.call('createDiskOffering', { name: 'Z?', displaytext: 'Z?', disksize: 1, zoneid: crypto.randomUUID() })).status, 431);
      assert.ok(names(await admin.ok('listServiceOfferings', { zoneid: z1 }), 'serviceoffering').includes('Z1'));
      const inZ2 = names(await admin.ok('listServiceOfferings', { zoneid: z2 }), 'serviceoffering');
      assert.ok(!inZ2.includes('Z1'));
      assert.ok(inZ2.includes('Small Instance'));
      await admin.ok('updateServiceOffering', { id: o.id, zoneid: 'all' });
      assert.ok(names(await admin.ok('listServiceOfferings', { zoneid: z2 }), 'serviceoffering').includes('Z1'));
    });
  });

  describe(`network offerings [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let user: TenantAccount;
    before(async () => {
      ({ server, admin, user } = await oneTenant(dialect, 'user'));
    });
    after(() => server?.stop());

    it('seeds CloudStack\'s default network offerings with their services', async () => {
      const body = await user.client.ok('listNetworkOfferings');
      assertListResponse('listNetworkOfferings', body);
      assert.deepEqual(names(body, 'networkoffering'), [
        'DefaultIsolatedNetworkOfferingWithSourceNatService',
        'DefaultSharedNetworkOffering',
        'DefaultSharedNetworkOfferingWithSGService',
        'DefaultL2NetworkOffering',
      ]);
      const isolated = body.networkoffering[0];
      assert.deepEqual([isolated.guestiptype, isolated.availability, isolated.isdefault, isolated.state], ['Isolated', 'Required', true, 'Enabled']);
      const services = (isolated.service as Body[]).map((s) => s.name).sort();
      assert.deepEqual(services, ['Dhcp', 'Dns', 'Firewall', 'Gateway', 'Lb', 'PortForwarding', 'SourceNat', 'StaticNat', 'UserData', 'Vpn']);
      assert.ok((isolated.service as Body[]).every((s) => s.provider[0].name === 'VirtualRouter'));
      // Libcloud reads serviceofferingid of every network offering: the defaults name the router offering.
      const router = (await admin.ok('listServiceOfferings', { issystem: true, name: 'System Offering For Software Router' })).serviceoffering[0];
      assert.ok(body.networkoffering.every((o: Body) => o.serviceofferingid === router.id));
      const sg = body.networkoffering[2].service.find((s: Body) => s.name === 'SecurityGroup');
      assert.equal(sg.provider[0].name, 'SecurityGroupProvider');
      assert.deepEqual(names(await user.client.ok('listNetworkOfferings', { sourcenatsupported: true }), 'networkoffering'), ['DefaultIsolatedNetworkOfferingWithSourceNatService']);
      assert.deepEqual(names(await user.client.ok('listNetworkOfferings', { supportedservices: 'dhcp,securitygroup' }), 'networkoffering'), ['DefaultSharedNetworkOfferingWithSGService']);
      assert.deepEqual(names(await user.client.ok('listNetworkOfferings', { guestiptype: 'l2' }), 'networkoffering'), ['DefaultL2NetworkOffering']);
    });

    it('creates offerings Disabled, enables them, and refuses impossible service sets', async () => {
      const o = (
        await admin.ok('createNetworkOffering', {
          name: 'Iso', displaytext: 'Isolated custom', guestiptype: 'Isolated', traffictype: 'GUEST', supportedservices: 'Dhcp,Dns,SourceNat',
          'serviceproviderlist[0].service': 'Dhcp', 'serviceproviderlist[0].provider': 'VirtualRouter',
        })
      ).networkoffering;
      assertResponseFields('createNetworkOffering', o);
      assert.deepEqual([o.state, o.isdefault, o.guestiptype, o.traffictype], ['Disabled', false, 'Isolated', 'Guest']);
      assert.deepEqual((o.service as Body[]).map((s) => s.name), ['Dhcp', 'Dns', 'SourceNat']);
      assert.deepEqual(await user.client.ok('listNetworkOfferings', { id: o.id }), {});
      await admin.ok('updateNetworkOffering', { id: o.id, state: 'Enabled', availability: 'Required' });
      assert.equal((await user.client.ok('listNetworkOfferings', { id: o.id })).networkoffering[0].availability, 'Required');
      const bad: Record<string, string | number | boolean>[] = [
        { name: 'x', displaytext: 'x', guestiptype: 'L2', traffictype: 'Guest', supportedservices: 'Dhcp' },
        { name: 'x', displaytext: 'x', guestiptype: 'Shared', traffictype: 'Guest', supportedservices: 'SourceNat' },
        { name: 'x', displaytext: 'x', guestiptype: 'Isolated', traffictype: 'Guest', supportedservices: 'Teleport' },
        { name: 'x', displaytext: 'x', guestiptype: 'Bridged', traffictype: 'Guest' },
        { name: 'x', displaytext: 'x', guestiptype: 'Isolated', traffictype: 'Guest', supportedservices: 'Dhcp', 'serviceproviderlist[0].service': 'Dns', 'serviceproviderlist[0].provider': 'VirtualRouter' },
      ];
      for (const params of bad) assert.equal((await admin.call('createNetworkOffering', params)).status, 431, JSON.stringify(params));
      assert.equal((await user.client.call('createNetworkOffering', { name: 'x', displaytext: 'x', guestiptype: 'L2', traffictype: 'Guest' })).status, 432);
      assert.equal((await admin.ok('deleteNetworkOffering', { id: o.id })).success, true);
      assert.deepEqual(await admin.ok('listNetworkOfferings', { id: o.id }), {});
    });

    it('keeps the default offerings', async () => {
      const def = (await admin.ok('listNetworkOfferings', { isdefault: true, guestiptype: 'Isolated' })).networkoffering[0];
      assert.equal((await admin.call('deleteNetworkOffering', { id: def.id })).status, 431);
      assert.equal((await user.client.call('deleteNetworkOffering', { id: def.id })).status, 432);
    });
  });
}
