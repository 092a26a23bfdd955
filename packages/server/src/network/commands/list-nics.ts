import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { findVmForAction } from '../../compute/index.ts';
import { nicResponses } from '../nics.ts';

export const listNics = defineCommand({
  name: 'listNics',
  description: 'Lists the NICs of a VM',
  access: access.all,
  params: {
    page: listParams.page,
    pagesize: listParams.pagesize,
    keyword: listParams.keyword,
    virtualmachineid: { type: 'uuid', required: true, description: 'The ID of the VM' },
    nicid: { type: 'uuid', description: 'The ID of one NIC' },
    networkid: { type: 'uuid', description: 'List the VM\'s NIC in this network' },
  },
  response: { type: 'list', listKey: 'nic' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('nic').where('vm_id', '=', vm.id);
    if (p.nicid) q = q.where('id', '=', p.nicid as string);
    if (p.networkid) q = q.where('network_id', '=', p.networkid as string);
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('device_id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await nicResponses(ctx.db, rows));
  },
});
