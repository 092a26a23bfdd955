import assert from 'node:assert/strict';
import { adminClient, type ApiClient, type Body } from './client.ts';
import { buildSimZone, type SimZone } from './compute.ts';
import { createTenant, type TenantAccount } from './identity.ts';
import { startTestServer, type Dialect, type TestServer } from './server.ts';

export type P = Record<string, string | number | boolean>;

/** Runs an async command that must succeed; its job result. */
export async function job(client: ApiClient, command: string, params: P): Promise<Body> {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 1, `${command}: ${JSON.stringify(r.jobresult)}`);
  return r.jobresult as Body;
}

/** Runs an async command whose job must fail with `code` (and a matching text). */
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

export async function expectError(client: ApiClient, command: string, params: P, code: number, text?: RegExp): Promise<void> {
  const r = await client.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
  if (text) assert.match(r.body.errortext as string, text);
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
  const server = await startTestServer({ dialect });
  const admin = await adminClient(server.url, server.adminPassword);
  const sim = await buildSimZone(admin);
  const last = 10 + (o.publicIps ?? 20) - 1;
  await admin.ok('createVlanIpRange', { zoneid: sim.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: `198.51.100.${last}`, forvirtualnetwork: true });
  const alice = await createTenant(admin, { username: 'alice' });
  const bob = await createTenant(admin, { username: 'bob' });
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
