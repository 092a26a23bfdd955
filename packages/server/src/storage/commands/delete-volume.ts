import { defineCommand, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { destroyVolume, findVolume } from '../volumes.ts';

export const deleteVolume = defineCommand({
  name: 'deleteVolume',
  description: 'Deletes a detached data disk; its snapshots stay',
  access: access.all,
  event: 'VOLUME.DELETE',
  params: {
    id: { type: 'uuid', entity: 'Volume', required: true, description: 'The ID of the disk volume' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const { domain_path, ...volume } = await findVolume(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: volume.account_id, domainPath: domain_path }, 'volume');
    if (volume.type === 'ROOT') throw errors.inUse(`Volume ${volume.name} is the ROOT volume of a VM; it goes when the VM is expunged`, [volume.id]);
    if (volume.vm_id) throw errors.inUse(`Volume ${volume.name} is attached to a VM; detach it first`, [volume.id]);
    if (volume.state !== 'Ready') throw errors.inUse(`Volume ${volume.name} is ${volume.state}; try again when it is Ready`, [volume.id]);
    ctx.event = { ...ctx.event, resourceType: 'Volume', resourceId: volume.id, description: `deleted volume ${volume.name}` };
    await ctx.db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('volume').where('id', '=', volume.id).where('vm_id', 'is', null).where('state', '=', 'Ready').executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) throw errors.inUse(`Volume ${volume.name} changed while it was being deleted; try again`, [volume.id]);
      await destroyVolume(trx, volume);
    });
    return success();
  },
});
