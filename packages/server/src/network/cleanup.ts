import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { registerAccountCleaner, releaseResources } from '../identity/index.ts';
import { releasePublicIp } from '../infrastructure/index.ts';
import { deleteLbs, lbsOnIps } from './lb/store.ts';
import { destroyRouter } from './router.ts';
import { releaseGuestVlan } from './vni.ts';

/**
 * Gives a public address back with everything on it (static NAT, port forwards, firewall rules, load balancers),
 * without telling its router: for addresses whose network goes too.
 */
export async function releaseAddress(trx: Transaction<Database>, accountId: string, ipId: string): Promise<void> {
  await deleteLbs(trx, await lbsOnIps(trx, [ipId]));
  await trx.deleteFrom('network_rule').where('ip_id', '=', ipId).execute();
  await trx.deleteFrom('network_ip').where('id', '=', ipId).execute();
  await releasePublicIp(trx, ipId);
  await releaseResources(trx, accountId, { public_ip: 1 });
}

/**
 * An account being deleted gives back its public IPs (their rules go with them) and then loses its networks, whose
 * NICs went with its VMs; the routers of networks that go are removed from their hosts.
 */
export function registerNetworkCleaners(): void {
  registerAccountCleaner('network', async (db, accountId, ctx) => {
    const ips = await db.selectFrom('public_ip').select('id').where('account_id', '=', accountId).execute();
    for (const ip of ips) await db.transaction().execute((trx) => releaseAddress(trx, accountId, ip.id));
    await db.transaction().execute(async (trx) => {
      const lbs = await trx.selectFrom('load_balancer_rule').select('id').where('account_id', '=', accountId).execute();
      await deleteLbs(trx, lbs.map((r) => r.id));
    });
    await db.deleteFrom('network_rule').where('account_id', '=', accountId).execute();
    for (const n of await db.selectFrom('network').select('id').where('account_id', '=', accountId).execute()) {
      await db.transaction().execute(async (trx) => {
        await releaseGuestVlan(trx, n.id);
        await trx.deleteFrom('network').where('id', '=', n.id).execute();
        await releaseResources(trx, accountId, { network: 1 });
      });
      await destroyRouter(db, n.id, ctx.log);
    }
  });
}
