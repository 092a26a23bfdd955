import { defineCommand, list } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';

/** What this server can run guests on today: the simulator (KVM joins with the host agent). */
const supported = ['Simulator'];

export const listHypervisors = defineCommand({
  name: 'listHypervisors',
  description: 'Lists the hypervisors of a zone\'s clusters, or every supported one without zoneid',
  access: access.all,
  params: { zoneid: { type: 'uuid', description: 'The zone whose clusters\' hypervisors to list' } },
  response: { type: 'list', listKey: 'hypervisor' },
  async handler(ctx, p) {
    let q = ctx.db.selectFrom('cluster').select('hypervisor').distinct();
    if (p.zoneid) q = q.where('zone_id', '=', p.zoneid as string);
    const inUse = (await q.execute()).map((r) => r.hypervisor);
    const names = p.zoneid ? inUse : [...new Set([...supported, ...inUse])];
    names.sort();
    return list(names.length, names.map((name) => ({ name })));
  },
});
