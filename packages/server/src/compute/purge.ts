import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { agents } from '../agents/index.ts';
import { releaseResources } from '../identity/index.ts';
import { releaseHostCapacity } from '../infrastructure/index.ts';
import { refreshRules, releaseNicsOfVm } from '../network/index.ts';
import { deleteTagsOf } from '../operations/index.ts';
import { deleteVolumesOfVm } from '../storage/index.ts';
import { vmCounts, type VmRow } from './vms.ts';

/**
 * Removes a VM and gives back everything it held, in one transaction: host capacity, NICs and their addresses,
 * volumes, and its resource counts unless a destroy already gave them back (`countsHeld` says so when the state
 * cannot: an Error VM being expunged); a failed deploy removes its data disk too (`withDataDisks`). Safe to call twice (the second finds
 * nothing): a failed deploy's own clean-up and the job's restorer may both run.
 */
export async function purgeVm(db: Kysely<Database>, vmId: string, o: { countsHeld?: boolean; withDataDisks?: boolean } = {}): Promise<void> {
  const placed = await db.selectFrom('vm_instance').select(['host_id', 'instance_name']).where('id', '=', vmId).executeTakeFirst();
  if (placed?.host_id) {
    // A deploy that failed after its start leaves the guest running: its disks cannot go while it runs.
    await agents()
      .send(placed.host_id, { kind: 'StopVm', instanceName: placed.instance_name, force: true }, { timeoutMs: 60_000 })
      .catch(() => undefined);
  }
  const changedNetworks = await db.transaction().execute(async (trx) => {
    const vm = await trx.selectFrom('vm_instance').selectAll().where('id', '=', vmId).executeTakeFirst();
    if (!vm) return [];
    if (vm.host_id) await releaseHostCapacity(trx, vm.host_id, vm.reserved_cpu_mhz, vm.reserved_memory_bytes);
    const networks = await releaseNicsOfVm(trx, vm.id);
    await deleteVolumesOfVm(trx, vm.id, { withDataDisks: o.withDataDisks });
    if (o.countsHeld ?? (vm.state !== 'Destroyed' && vm.state !== 'Expunging')) await releaseResources(trx, vm.account_id, vmCounts(vm));
    await deleteTagsOf(trx, 'UserVm', [vm.id]);
    await trx.deleteFrom('vm_detail').where('vm_id', '=', vm.id).execute();
    await trx.deleteFrom('vm_instance').where('id', '=', vm.id).execute();
    return networks;
  });
  await refreshRules(db, changedNetworks);
}

/** Gives back a VM's counts (unless a destroy did) and leaves it Expunging, for the expunger to finish. */
export async function markExpunging(db: Kysely<Database>, vm: VmRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (vm.state !== 'Destroyed' && vm.state !== 'Expunging') await releaseResources(trx, vm.account_id, vmCounts(vm));
    await trx.updateTable('vm_instance').set({ state: 'Expunging', updated: new Date().toISOString() }).where('id', '=', vm.id).execute();
  });
}
