import { defineCommand, success } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { releaseResources } from '../../../identity/limits/index.ts';
import { releasePublicIp } from '../../../infrastructure/index.ts';
import { deleteTagsOf } from '../../../operations/index.ts';
import { findIpForAction, networkOfIp } from '../addresses.ts';
import { changeRules } from '../apply.ts';
import { deleteLbs, lbsOnIps, restoreLbs, revokeLbs } from '../../lb/store.ts';

export const disassociateIpAddress = defineCommand({
  name: 'disassociateIpAddress',
  description: 'Releases a public IP address with its static NAT and rules; the network\'s source NAT address stays',
  access: access.all,
  async: true,
  event: 'NET.IPRELEASE',
  jobInstance: { type: 'IpAddress', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'IpAddress', required: true, description: 'The ID of the public IP address' },
    ipaddress: { type: 'string', description: 'Accepted for compatibility: the address is named by id' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const ip = await findIpForAction(ctx, p.id as string);
    if (ip.isSourceNat) throw errors.paramError(`Public IP address ${ip.address} is the source NAT address of its network and cannot be released`, [ip.id]);
    ctx.event = { ...ctx.event, resourceType: 'IpAddress', resourceId: ip.id, description: `released public IP address ${ip.address}` };
    const network = await networkOfIp(ctx.db, ip);
    await changeRules(ctx.db, network, {
      async record(trx) {
        const use = await trx.selectFrom('network_ip').selectAll().where('id', '=', ip.id).executeTakeFirst();
        if (!use) throw errors.notFound('public IP address', ip.id);
        const active = await trx.selectFrom('network_rule').select(['id', 'state']).where('ip_id', '=', ip.id).execute();
        await trx.updateTable('network_rule').set({ state: 'Revoke' }).where('ip_id', '=', ip.id).execute();
        await trx.deleteFrom('network_ip').where('id', '=', ip.id).execute();
        const lbs = await lbsOnIps(trx, [ip.id]);
        return { use, active, lbs, lbStates: await revokeLbs(trx, lbs) };
      },
      async commit(trx, { lbs }) {
        await deleteLbs(trx, lbs);
        await trx.deleteFrom('network_rule').where('ip_id', '=', ip.id).execute();
        await releasePublicIp(trx, ip.id);
        await releaseResources(trx, ip.accountId, { public_ip: 1 });
        await deleteTagsOf(trx, 'PublicIpAddress', [ip.id]);
      },
      async rollback(trx, { use, active, lbStates }) {
        await trx.insertInto('network_ip').values(use).execute();
        await restoreLbs(trx, lbStates);
        for (const r of active) await trx.updateTable('network_rule').set({ state: r.state }).where('id', '=', r.id).execute();
      },
    });
    return success();
  },
});
