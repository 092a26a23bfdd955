import assert from 'node:assert/strict';
import type { ApiClient, Body } from './client.ts';
import { job, type P } from './calls.ts';
import { buildSimZone, type SimZone } from './compute.ts';
import type { TenantAccount } from './identity.ts';
import type { Dialect, TestServer } from './server.ts';
import { tenantWorld } from './tenants.ts';

export { expectError, job, type P } from './calls.ts';

/** Runs an async command (refused at once or by its job) whose job must fail with `code` (and a matching text). */
export async function jobError(client: ApiClient, command: string, params: P, code: number, text?: RegExp): Promise<void> {
  const r = await client.call(command, params);
  if (r.status !== 200) {
    assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
    if (text) assert.match(r.body.errortext as string, text);
    return;
  }
  const done = await client.waitForJob(r.body.jobid as string);
  assert.equal(done.jobstatus, 2, `${command} should fail: ${JSON.stringify(done.jobresult)}`);
  assert.equal(done.jobresult.errorcode, code, JSON.stringify(done.jobresult));
  if (text) assert.match(done.jobresult.errortext as string, text);
}

export interface RulesWorld {
  server: TestServer;
  admin: ApiClient;
  sim: SimZone;
  alice: TenantAccount;
  bob: TenantAccount;
  /** A running VM of each tenant, in the tenant's `<account>-network`. */
  aliceVm: Body;
  bobVm: Body;
  aliceNetwork: Body;
  deploy(client: ApiClient, params?: P): Promise<Body>;
}

/**
 * A server with a simulator zone whose public range holds `publicIps` addresses (198.51.100.10 on), two tenants
 * (alice, bob) and one running VM each: the world of the public IP, port forwarding and firewall tests.
 */
export async function rulesWorld(dialect: Dialect, o: { publicIps?: number } = {}): Promise<RulesWorld> {
  const last = 10 + (o.publicIps ?? 20) - 1;
  const { server, admin, sim, alice, bob } = await tenantWorld(dialect, async (a) => {
    const zone = await buildSimZone(a);
    await a.ok('createVlanIpRange', { zoneid: zone.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: `198.51.100.${last}`, forvirtualnetwork: true });
    return zone;
  });
  const deploy = (client: ApiClient, params: P = {}) =>
    job(client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id, templateid: sim.template.id, ...params }).then((r) => r.virtualmachine as Body);
  const [aliceVm, bobVm] = await Promise.all([deploy(alice.client, { name: 'alice-vm' }), deploy(bob.client, { name: 'bob-vm' })]);
  const aliceNetwork = ((await alice.client.ok('listNetworks', {})).network as Body[])[0];
  return { server, admin, sim, alice, bob, aliceVm, bobVm, aliceNetwork, deploy };
}

/** Acquires a public address for the tenant's one network in the zone. */
export async function acquire(client: ApiClient, zoneId: string, params: P = {}): Promise<Body> {
  return (await job(client, 'associateIpAddress', { zoneid: zoneId, ...params })).ipaddress as Body;
}
