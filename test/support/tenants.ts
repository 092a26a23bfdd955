import { adminClient, type ApiClient, type Body } from './client.ts';
import { createSimZone, type SimZone } from './infrastructure.ts';
import { createTenant, type TenantAccount } from './identity.ts';
import { startTestServer, type Dialect, type TestServer } from './server.ts';

export interface TenantWorld<Z> {
  server: TestServer;
  admin: ApiClient;
  /** What `build` made as the admin before the tenants exist (a zone, say). */
  sim: Z;
  alice: TenantAccount;
  bob: TenantAccount;
}

/** A fresh server on `dialect`, what `build` makes with its admin, then two tenants of their own accounts: alice and bob. */
export async function tenantWorld<Z = undefined>(dialect: Dialect, build?: (admin: ApiClient) => Promise<Z>): Promise<TenantWorld<Z>> {
  const server = await startTestServer({ dialect });
  const admin = await adminClient(server.url, server.adminPassword);
  const sim = (build ? await build(admin) : undefined) as Z;
  const alice = await createTenant(admin, { username: 'alice' });
  const bob = await createTenant(admin, { username: 'bob' });
  return { server, admin, sim, alice, bob };
}

export type StorageZone = SimZone & { pool: Body };

/** A simulator zone (no template) with one cluster-wide primary pool, `primary`: enough for volumes and their snapshots. */
export async function storageZone(admin: ApiClient): Promise<StorageZone> {
  const sim = await createSimZone(admin);
  const pool = (await admin.ok('createStoragePool', { zoneid: sim.zone.id, podid: sim.pod.id, clusterid: sim.cluster.id, name: 'primary', url: 'nfs://10.0.0.2/primary', scope: 'CLUSTER' })).storagepool as Body;
  return { ...sim, pool };
}

/** A fresh server on `dialect` with its admin and one tenant of its own account, `username`. */
export async function oneTenant(dialect: Dialect, username: string): Promise<{ server: TestServer; admin: ApiClient; user: TenantAccount }> {
  const server = await startTestServer({ dialect });
  const admin = await adminClient(server.url, server.adminPassword);
  const user = await createTenant(admin, { username });
  return { server, admin, user };
}
