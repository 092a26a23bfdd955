import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiClient, adminClient, type Body } from '../support/client.ts';
import { repoRoot, startTestServer, testDialects, type TestServer } from '../support/server.ts';

const fixture = join(repoRoot, 'test/fixtures/marvin-advanced.cfg');

function nimbus(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(join(repoRoot, 'bin/nimbus'), args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => resolve({ code, out, err }));
  });
}

for (const dialect of testDialects()) {
  describe(`nimbus zone apply [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let env: Record<string, string>;
    before(async () => {
      server = await startTestServer({ dialect });
      admin = await adminClient(server.url, server.adminPassword);
      env = { NIMBUS_URL: server.url, NIMBUS_API_KEY: admin.apiKey as string, NIMBUS_SECRET_KEY: admin.secretKey as string };
    });
    after(() => server?.stop());

    it('builds the zone of Marvin\'s advanced.cfg as it is', async () => {
      const r = await nimbus(['zone', 'apply', fixture], env);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, /zone Sandbox-simulator: created/);
      const zone = (await admin.ok('listZones', { name: 'Sandbox-simulator' })).zone[0] as Body;
      assert.equal(zone.allocationstate, 'Enabled');
      assert.equal(zone.networktype, 'Advanced');
      assert.equal(zone.dns1, '10.147.28.6');
      assert.equal(zone.guestcidraddress, '10.1.1.0/24');
      const net = (await admin.ok('listPhysicalNetworks', { zoneid: zone.id })).physicalnetwork[0] as Body;
      assert.equal(net.name, 'Sandbox-pnet');
      assert.equal(net.state, 'Enabled');
      assert.equal(net.vlan, '100-200');
      assert.equal(net.isolationmethods, 'VLAN');
      const types = (await admin.ok('listTrafficTypes', { physicalnetworkid: net.id })).traffictype as Body[];
      assert.deepEqual(types.map((t) => t.name), ['Guest', 'Management', 'Public']);
      const enabled = (await admin.ok('listNetworkServiceProviders', { physicalnetworkid: net.id, state: 'Enabled' })).networkserviceprovider as Body[];
      assert.deepEqual(enabled.map((p) => p.name).sort(), ['InternalLbVm', 'VirtualRouter', 'VpcVirtualRouter']);
      const range = (await admin.ok('listVlanIpRanges', { zoneid: zone.id })).vlaniprange[0] as Body;
      assert.equal(range.startip, '192.168.2.2');
      assert.equal(range.endip, '192.168.2.200');
      assert.equal(range.vlan, 'vlan://50');
      const pod = (await admin.ok('listPods', { zoneid: zone.id })).pod[0] as Body;
      assert.equal(pod.name, 'POD0');
      assert.deepEqual(pod.startip, ['172.16.15.2']);
      const cluster = (await admin.ok('listClusters', { zoneid: zone.id })).cluster[0] as Body;
      assert.equal(cluster.name, 'C0');
      assert.equal(cluster.hypervisortype, 'Simulator');
      const hosts = (await admin.ok('listHosts', { zoneid: zone.id })).host as Body[];
      assert.equal(hosts.length, 2);
      assert.ok(hosts.every((h) => h.state === 'Up' && h.clusterid === cluster.id));
      const pools = (await admin.ok('listStoragePools', { zoneid: zone.id })).storagepool as Body[];
      assert.deepEqual(pools.map((p) => p.name), ['PS0', 'PS1']);
      assert.equal(pools[0].path, '/export/home/sandbox/primary0');
      const stores = (await admin.ok('listImageStores', { zoneid: zone.id })).imagestore as Body[];
      assert.deepEqual(stores.map((s) => s.url), ['nfs://10.147.28.6:/export/home/sandbox/secondary']);
    });

    it('applies the same file again without duplicating anything', async () => {
      const r = await nimbus(['zone', 'apply', fixture], env);
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, /zone Sandbox-simulator: exists/);
      assert.doesNotMatch(r.out, /created|added/);
      assert.equal((await admin.ok('listZones', {})).count, 1);
      assert.equal((await admin.ok('listHosts', {})).count, 2);
      assert.equal((await admin.ok('listVlanIpRanges', {})).count, 1);
      assert.equal((await admin.ok('listStoragePools', {})).count, 2);
    });

    it('says what is wrong: missing keys, unreadable files, refused parameters', async (t) => {
      const noKeys = await nimbus(['zone', 'apply', fixture], { NIMBUS_URL: server.url, NIMBUS_API_KEY: '', NIMBUS_SECRET_KEY: '' });
      assert.equal(noKeys.code, 1);
      assert.match(noKeys.err, /NIMBUS_API_KEY/);
      assert.equal((await nimbus(['zone', 'apply'], env)).code, 2);
      const dir = mkdtempSync(join(tmpdir(), 'nimbus-zone-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'bad.cfg'), '{ "zones": ');
      const bad = await nimbus(['zone', 'apply', join(dir, 'bad.cfg')], env);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /not a readable JSON/);
      writeFileSync(join(dir, 'kvm.cfg'), JSON.stringify({ zones: [{ name: 'K', dns1: '8.8.8.8', internaldns1: '8.8.8.8', pods: [{ name: 'p', clusters: [{ clustername: 'k', hypervisor: 'KVM', hosts: [{ url: 'http://kvm1' }] }] }] }] }));
      const kvm = await nimbus(['zone', 'apply', join(dir, 'kvm.cfg')], env);
      assert.equal(kvm.code, 1);
      assert.match(kvm.err, /addHost: .*username and password for a KVM host.*\(431\)/);
    });
  });
}
