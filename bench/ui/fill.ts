/** Fills a simulator zone with one tenant's VMs, as fast as bench/sim-scale deploys (its cloud builder, 32 jobs in flight). */
import { DEFAULT_ISOLATED_OFFERING } from '../../packages/server/src/offerings/network-offering.ts';
import type { ApiClient, Body } from '../../test/support/client.ts';
import { createTenant, type TenantAccount } from '../../test/support/identity.ts';
import { createCloud, growHosts, inParallel, runJob } from '../sim-scale/build.ts';

/**
 * Each VM start sends its network's router the whole description (every lease, every guest's data:
 * network/router.ts routerSetup), so one network of 10,000 VMs makes the fill quadratic (26 VMs/s for the first 500,
 * 3 VMs/s at 3,000, measured): the tenant's VMs are spread over networks of its own, VMS_PER_NETWORK each, as
 * bench/sim-scale spreads them over accounts.
 */
export const VMS_PER_NETWORK = 50;

/** Every STOPPED_EVERY-th VM is deployed with startvm=false, so the Stopped filter has a few pages to show. */
export const STOPPED_EVERY = 50;

/** The tenant `bench` with `vms` VMs named vm0..vm<vms-1>, on ceil(vms/50) simulated hosts (16 CPUs, 64 GiB each), in
 * ceil(vms/VMS_PER_NETWORK) isolated networks of the tenant.
 */
export async function fillZone(admin: ApiClient, vms: number, concurrency: number, log: (s: string) => void): Promise<TenantAccount> {
  // Each network takes a public address for its source NAT when its first VM starts.
  const cloud = await createCloud(admin, Math.ceil(vms / VMS_PER_NETWORK) + 100);
  await growHosts(admin, cloud, Math.max(10, Math.ceil(vms / 50)), concurrency);
  const tenant = await createTenant(admin, { username: 'bench' });
  const offering = (await tenant.client.ok('listNetworkOfferings', { name: DEFAULT_ISOLATED_OFFERING })).networkoffering[0] as Body;
  const networks: string[] = [];
  await inParallel(Math.ceil(vms / VMS_PER_NETWORK), concurrency, async (i) => {
    const created = await tenant.client.ok('createNetwork', { name: `net${i}`, displaytext: `net${i}`, networkofferingid: offering.id as string, zoneid: cloud.zone.id as string });
    networks[i] = (created.network as Body).id as string;
  });
  const t0 = performance.now();
  let done = 0;
  await inParallel(vms, concurrency, async (k) => {
    await runJob(admin, 'deployVirtualMachine', {
      zoneid: cloud.zone.id as string, serviceofferingid: cloud.offeringId, templateid: cloud.templateId,
      account: 'bench', domainid: cloud.rootDomainId, name: `vm${k}`,
      networkids: networks[k % networks.length], ...(k % STOPPED_EVERY === 0 && { startvm: false }),
    });
    if (++done % 1000 === 0) log(`${done} VMs deployed (${(done / ((performance.now() - t0) / 1000)).toFixed(0)} VMs/s)`);
  });
  return tenant;
}
