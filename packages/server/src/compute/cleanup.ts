import { registerAccountCleaner } from '../identity/index.ts';
import { markExpunging, purgeVm } from './purge.ts';

/** An account being deleted loses its VMs through the expunge path (host capacity, NICs, ROOT disks, counts given back), then its keys and user data. */
export function registerComputeCleaners(): void {
  registerAccountCleaner('vms', async (db, accountId) => {
    const vms = await db.selectFrom('vm_instance').selectAll().where('account_id', '=', accountId).execute();
    for (const vm of vms) {
      await markExpunging(db, vm);
      await purgeVm(db, vm.id);
    }
  });
  registerAccountCleaner('keys', async (db, accountId) => {
    await db.deleteFrom('ssh_keypair').where('account_id', '=', accountId).execute();
    await db.deleteFrom('user_data').where('account_id', '=', accountId).execute();
  });
}
