import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { findPool } from '../lookup.ts';
import { poolResponses } from '../responses.ts';

/** Moves a pool between states with a conditional UPDATE, so that two concurrent calls cannot both pass. */
function maintenanceCommand(o: { name: string; description: string; event: string; from: string[]; to: string; refusal: string }) {
  return defineCommand({
    name: o.name,
    description: o.description,
    access: access.rootAdmin,
    async: true,
    event: o.event,
    jobInstance: { type: 'StoragePool', idParam: 'id' },
    params: { id: { type: 'uuid', entity: 'StoragePool', required: true, description: 'The ID of the primary storage pool' } },
    response: { type: 'object', name: 'storagepool' },
    async handler(ctx, p) {
      const pool = await findPool(ctx.db, p.id as string);
      const r = await ctx.db.updateTable('storage_pool').set({ state: o.to }).where('id', '=', pool.id).where('state', 'in', o.from).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw errors.paramError(`Storage pool ${pool.name} is ${pool.state}: ${o.refusal}`, [pool.id]);
      ctx.event = { ...ctx.event, resourceType: 'StoragePool', resourceId: pool.id, description: `storage pool ${pool.name} is now ${o.to}` };
      const [response] = await poolResponses(ctx.db, [pool.id]);
      return object(response);
    },
  });
}

export const enableStorageMaintenance = maintenanceCommand({
  name: 'enableStorageMaintenance',
  description: 'Puts a primary storage pool into maintenance: no new volumes are placed on it',
  event: 'MAINT.PREPARE.PS',
  from: ['Up', 'Disabled'],
  to: 'Maintenance',
  refusal: 'only an Up or Disabled pool can enter maintenance',
});

export const cancelStorageMaintenance = maintenanceCommand({
  name: 'cancelStorageMaintenance',
  description: 'Takes a primary storage pool out of maintenance',
  event: 'MAINT.CANCEL.PS',
  from: ['Maintenance', 'PrepareForMaintenance'],
  to: 'Up',
  refusal: 'it is not in maintenance',
});
