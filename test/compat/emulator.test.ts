import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/client.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { runPython } from '../support/libcloud.ts';

/**
 * `nimbus server --simulator`, the CloudStack API emulator, as a client developer uses it: fixed admin keys from the
 * environment, CloudStack's Sandbox-simulator zone ready, and Apache Libcloud's node API deploying, listing,
 * stopping, starting, rebooting and destroying a VM on it,
 * with a public IP and a port forward to the VM on the way.
 */
describe('the CloudStack API emulator (nimbus server --simulator)', () => {
  let emulator: Emulator;
  let api: ApiClient;
  before(async () => {
    emulator = await startEmulator();
    api = new ApiClient(emulator.url, emulator);
  });
  after(() => emulator?.stop());

  it('answers with the fixed admin keys and a ready Sandbox-simulator zone', async () => {
    const zones = await api.ok('listZones');
    assert.deepEqual(zones.zone.map((z: { name: string }) => z.name), ['Sandbox-simulator']);
    assert.equal(zones.zone[0].allocationstate, 'Enabled');
    const hosts = await api.ok('listHosts', { type: 'Routing' });
    assert.equal(hosts.count, 4);
    const templates = await api.ok('listTemplates', { templatefilter: 'featured', zoneid: zones.zone[0].id });
    assert.ok(templates.template.some((t: { isready: boolean; hypervisor: string }) => t.isready && t.hypervisor === 'Simulator'));
    assert.ok((await api.ok('listServiceOfferings')).count >= 2);
  });

  it('runs a VM\'s life through Apache Libcloud\'s node API', async () => {
    const r = await runPython(['libcloud_vm.py'], { NIMBUS_URL: emulator.url, NIMBUS_API_KEY: emulator.apiKey, NIMBUS_SECRET_KEY: emulator.secretKey }, { cwd: import.meta.dirname });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const seen = JSON.parse(r.stdout);
    assert.equal(seen.location, 'Sandbox-simulator');
    assert.equal(seen.created.name, 'libcloud-vm');
    assert.equal(seen.created.state, 'running');
    assert.equal(seen.created.ips.length, 1);
    assert.deepEqual(seen.listed, ['libcloud-vm']);
    assert.match(seen.public_ip, /^\d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual(seen.node_rules, [{ id: seen.rule.id, address: seen.public_ip, protocol: 'TCP', public_port: '2222', private_port: '22' }]);
    assert.ok(seen.node_public_ips.includes(seen.public_ip), JSON.stringify(seen));
    assert.deepEqual(seen.listed_rules, [seen.rule.id]);
    assert.equal(seen.rule_deleted, true);
    assert.deepEqual(seen.rules_left, []);
    assert.equal(seen.released, true);
    assert.deepEqual(seen.ips_left, []);
    // Libcloud's ex_stop and ex_start answer the VM's new state from the job result.
    assert.equal(seen.stopped, 'Stopped');
    assert.equal(seen.state_after_stop, 'stopped');
    assert.equal(seen.started, 'Running');
    assert.equal(seen.rebooted, true);
    assert.equal(seen.destroyed, true);
    assert.deepEqual(seen.left, []);
  });
});
