import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { vmSummary } from '../../compute/index.ts';
import { hostDriver } from '../driver.ts';
import { findSnapshot, snapshotResponses } from '../snapshots.ts';
import { accountSizeChange, poolOf } from '../volumes.ts';

export const revertSnapshot = defineCommand({
  name: 'revertSnapshot',
  description: 'Puts a volume back to the content of one of its snapshots; its VM must be stopped',
  access: access.all,
  async: true,
  event: 'SNAPSHOT.REVERT',
  jobInstance: { type: 'Snapshot', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Snapshot', required: true, description: 'The ID of the snapshot' },
  },
  response: { type: 'object', name: 'snapshot' },
  async handler(ctx, p) {
    const { domain_path, ...snapshot } = await findSnapshot(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: snapshot.account_id, domainPath: domain_path }, 'snapshot');
    const volume = await ctx.db.selectFrom('volume').selectAll().where('id', '=', snapshot.volume_id).executeTakeFirst();
    if (!volume || !volume.pool_id || !volume.path) throw errors.paramError(`The volume of snapshot ${snapshot.name} no longer exists`, [snapshot.id]);
    if (volume.state !== 'Ready') throw errors.paramError(`Volume ${volume.name} is ${volume.state}, not Ready`, [volume.id]);
    if (volume.vm_id) {
      const vm = (await vmSummary(ctx.db, [volume.vm_id])).get(volume.vm_id);
      if (vm && vm.state !== 'Stopped') throw errors.paramError(`VM ${vm.name} is ${vm.state}: stop it before reverting its volume`, [volume.vm_id]);
    }
    const [poolId, path] = [volume.pool_id, volume.path];
    ctx.event = { ...ctx.event, resourceType: 'Snapshot', resourceId: snapshot.id, description: `reverted volume ${volume.name} to snapshot ${snapshot.name}` };
    await ctx.db.transaction().execute(async (trx) => {
      await accountSizeChange(trx, volume, snapshot.size - volume.size);
      const size = await hostDriver(trx).revertSnapshot(await poolOf(trx, poolId), path, snapshot.path ?? snapshot.id);
      await trx.updateTable('volume').set({ size }).where('id', '=', volume.id).execute();
    });
    const [response] = await snapshotResponses(ctx.db, [snapshot]);
    return object(response);
  },
});
