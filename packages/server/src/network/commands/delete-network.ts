import { defineCommand, success } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { releaseResources } from '../../identity/limits/index.ts';
import { deleteTagsOf } from '../../operations/index.ts';
import { releaseAddress } from '../cleanup.ts';
import { findNetwork } from '../networks.ts';
import { destroyRouter } from '../router.ts';
import { releaseGuestVlan } from '../vni.ts';

export const deleteNetwork = defineCommand({
  name: 'deleteNetwork',
  description: 'Deletes a guest network that no VM uses',
  access: access.all,
  async: true,
  event: 'NETWORK.DELETE',
  jobInstance: { type: 'Network', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Network', required: true, description: 'The ID of the network' },
    forced: { type: 'boolean', description: 'Accepted for compatibility; a network with VMs is never deleted' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const network = await findNetwork(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: network.account_id, domainPath: network.domain_path }, 'network');
    ctx.event = { ...ctx.event, resourceType: 'Network', resourceId: network.id, description: `deleted network ${network.name}` };
    await ctx.db.transaction().execute(async (trx) => {
      // Taking the row lock allocations take, so that no NIC arrives between the check and the delete.
      await trx.updateTable('network').set((eb) => ({ allocation_seq: eb('allocation_seq', '+', 1) })).where('id', '=', network.id).execute();
      const nics = await trx.selectFrom('nic').select((eb) => eb.fn.countAll<number>().as('n')).where('network_id', '=', network.id).executeTakeFirstOrThrow();
      if (Number(nics.n) > 0) throw errors.inUse(`Network ${network.name} is in use by ${Number(nics.n)} NIC(s) of VMs; remove them first`, [network.id]);
      // Its public addresses go back to the zone with every rule on them, and its egress rules go too.
      const ips = await trx.selectFrom('network_ip').innerJoin('public_ip', 'public_ip.id', 'network_ip.id').select(['network_ip.id', 'public_ip.account_id']).where('network_ip.network_id', '=', network.id).execute();
      for (const ip of ips) await releaseAddress(trx, ip.account_id ?? network.account_id, ip.id);
      await trx.deleteFrom('network_rule').where('network_id', '=', network.id).execute();
      await releaseGuestVlan(trx, network.id);
      await trx.deleteFrom('network').where('id', '=', network.id).execute();
      await releaseResources(trx, network.account_id, { network: 1 });
      await deleteTagsOf(trx, 'Network', [network.id]);
    });
    await destroyRouter(ctx.db, network.id, ctx.log);
    return success();
  },
});
