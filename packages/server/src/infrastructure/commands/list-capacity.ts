import { defineCommand, list } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { capacities } from '../capacities.ts';
import { findCluster, findPod, findZone } from '../lookup.ts';

export const listCapacity = defineCommand({
  name: 'listCapacity',
  description: 'Lists the capacity of zones (or of a pod or cluster): memory, CPU, storage, public and private IPs, secondary storage, VLANs',
  access: access.rootAdmin,
  params: {
    ...listParams,
    zoneid: { type: 'uuid', description: 'The zone' },
    podid: { type: 'uuid', description: 'The pod' },
    clusterid: { type: 'uuid', description: 'The cluster' },
    type: { type: 'integer', description: 'The capacity type: 0 memory, 1 CPU, 2 storage, 3 storage allocated, 4 public IPs, 5 private IPs, 6 secondary storage, 7 VLANs' },
    sortby: { type: 'string', description: 'usage: the most used first' },
    fetchlatest: { type: 'boolean', description: 'Accepted for compatibility: figures here are always current' },
  },
  response: { type: 'list', listKey: 'capacity' },
  async handler(ctx, p) {
    if (p.zoneid) await findZone(ctx.db, p.zoneid as string);
    if (p.podid) await findPod(ctx.db, p.podid as string);
    if (p.clusterid) await findCluster(ctx.db, p.clusterid as string);
    if (p.sortby !== undefined && p.sortby !== 'usage') throw errors.invalidParam('listCapacity', 'sortby', String(p.sortby), 'only usage is supported');
    const items = await capacities(ctx.db, { zoneId: p.zoneid as string | undefined, podId: p.podid as string | undefined, clusterId: p.clusterid as string | undefined, type: p.type as number | undefined });
    if (p.sortby === 'usage') items.sort((a, b) => Number(b.percentused) - Number(a.percentused));
    const kept = p.keyword ? items.filter((i) => String(i.name).toLowerCase().includes(String(p.keyword).toLowerCase())) : items;
    const { limit, offset } = await paging(ctx, p);
    return list(kept.length, kept.slice(offset, offset + limit));
  },
});
