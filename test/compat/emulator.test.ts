import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/client.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';

/**
 * `nimbus server --simulator`, the CloudStack API emulator, as a client developer uses it: fixed admin keys from the
 * environment and CloudStack's Sandbox-simulator zone ready. The clients' journeys on it: libcloud-journey,
 * cs-journey and ansible tests beside this one.
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
});
