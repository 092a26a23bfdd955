import type { DomainModule } from '../kernel/module.ts';
import { registerEntity, registerEntityTables } from '../kernel/entities.ts';
import { registerResourceCounter } from '../identity/limits/index.ts';
import { registerTaggable } from '../operations/index.ts';
import { registerVlanUse } from '../infrastructure/index.ts';
import { createNetwork } from './commands/create-network.ts';
import { deleteNetwork } from './commands/delete-network.ts';
import { listNetworks } from './commands/list-networks.ts';
import { listNics } from './commands/list-nics.ts';
import { listRouters } from './commands/list-routers.ts';
import { routerCommands } from './commands/router-power.ts';
import { restartNetwork } from './commands/restart-network.ts';
import { updateNetwork } from './commands/update-network.ts';
import { ruleCommands } from './rules/index.ts';
import { loadBalancerCommands } from './lb/index.ts';
import { registerNetworkCleaners } from './cleanup.ts';
import { networkSettings, startNetworkGc } from './gc.ts';

export { defaultNetworkFor, findNetworkForDeploy } from './deploy.ts';
export { allocateNic, nicsOfVms, releaseNicsOfVm } from './nics.ts';
export { prepareNetworks } from './router.ts';
export { refreshRules } from './rules/apply.ts';
export { registerGuestFacts, type GuestFacts } from './guest-data.ts';
export { networkTransport } from './transport.ts';
export type { NetworkRow } from './networks.ts';

registerResourceCounter('network', async (db, accountId) => {
  const r = await db.selectFrom('network').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.n);
});
registerTaggable('Network', async (db, id) => {
  const n = await db
    .selectFrom('network')
    .innerJoin('domain', 'domain.id', 'network.domain_id')
    .select(['network.account_id', 'network.domain_id', 'domain.path'])
    .where('network.id', '=', id)
    .executeTakeFirst();
  return n ? { accountId: n.account_id, domainId: n.domain_id, domainPath: n.path } : undefined;
});

registerEntityTables({
  Network: 'network',
  Nic: 'nic',
  NetworkRule: 'network_rule',
  LoadBalancerRule: 'load_balancer_rule',
  LoadBalancerPolicy: 'load_balancer_policy',
});
// A network's router row exists from its set-up, but has an id only once the router was built.
registerEntity('DomainRouter', async (db, ids) => {
  const rows = await db.selectFrom('network_router').select('id').where('id', 'in', [...ids]).execute();
  return rows.flatMap((r) => (r.id ? [r.id] : []));
});

registerNetworkCleaners();
// Only VLANs taken from a physical network's range count against it (not Nimbus's own VXLAN fallback range).
registerVlanUse(async (db, zoneIds) => {
  if (zoneIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('guest_vlan')
    .select(['zone_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('zone_id', 'in', zoneIds)
    .where('physical_network_id', 'is not', null)
    .groupBy('zone_id')
    .execute();
  return new Map(rows.map((r) => [r.zone_id, Number(r.n)]));
});

export const networkModule: DomainModule = {
  name: 'network',
  commands: [createNetwork, listNetworks, updateNetwork, restartNetwork, deleteNetwork, listNics, listRouters, ...routerCommands, ...ruleCommands, ...loadBalancerCommands],
  settings: networkSettings,
  async start(kernel) {
    return startNetworkGc(kernel);
  },
};
