import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { releaseHost } from './lifecycle.ts';
import { markExpunging, purgeVm } from './purge.ts';
import { moveState } from './vms.ts';

/** The restore state a deploy records: if its job fails or dies, the VM and all it reserved go away. */
export const DEPLOY_ROLLBACK = 'Expunged';

/**
 * Puts a VM a failed or interrupted job left behind into a stable state. Only a transitional state is undone (a job
 * may have finished some steps, such as a stop before a destroy): Starting -> Stopped with its host capacity given
 * back, Stopping and Migrating -> Running where it still is, Expunging -> expunged.
 */
export async function restoreVm(db: Kysely<Database>, id: string, state: string): Promise<void> {
  try {
    await restore(db, id, state);
  } catch {
    // Restorers run at start-up before the agents are connected, so removing disks may fail here: a VM on its way
    // out is left Expunging (counts given back now) for the expunger; anything else shows as Error.
    const vm = await db.selectFrom('vm_instance').selectAll().where('id', '=', id).executeTakeFirst();
    if (!vm) return;
    if (state === DEPLOY_ROLLBACK || vm.state === 'Expunging') await markExpunging(db, vm);
    else await db.updateTable('vm_instance').set({ state: 'Error', updated: new Date().toISOString() }).where('id', '=', id).execute();
  }
}

async function restore(db: Kysely<Database>, id: string, state: string): Promise<void> {
  if (state === DEPLOY_ROLLBACK) return purgeVm(db, id, { withDataDisks: true });
  const vm = await db.selectFrom('vm_instance').selectAll().where('id', '=', id).executeTakeFirst();
  if (!vm) return;
  switch (vm.state) {
    case 'Starting':
      await releaseHost(db, vm);
      await moveState(db, id, 'Starting', 'Stopped');
      return;
    case 'Stopping':
    case 'Migrating':
      await moveState(db, id, vm.state, 'Running');
      return;
    case 'Expunging':
      await purgeVm(db, id);
      return;
  }
}
