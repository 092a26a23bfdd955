import { defineCommand, success } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { findNetwork } from '../networks.ts';
import { rebuildRouter } from '../router.ts';

export const restartNetwork = defineCommand({
  name: 'restartNetwork',
  description: 'Restarts a network\'s router: sends it every lease and rule again; with cleanup=true removes it from its host first and builds it anew',
  access: access.all,
  async: true,
  event: 'NETWORK.RESTART',
  jobInstance: { type: 'Network', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Network', required: true, description: 'The ID of the network' },
    cleanup: { type: 'boolean', description: 'Remove the router and build it again (default false)' },
    makeredundant: { type: 'boolean', description: 'Accepted for compatibility: routers are not redundant yet' },
    livepatch: { type: 'boolean', description: 'Accepted for compatibility: a restart without cleanup already keeps the router' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const network = await findNetwork(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: network.account_id, domainPath: network.domain_path }, 'network');
    ctx.event = { ...ctx.event, resourceType: 'Network', resourceId: network.id, description: `restarted network ${network.name}${p.cleanup ? ' with clean-up' : ''}` };
    await rebuildRouter(ctx.db, network, p.cleanup === true);
    return success();
  },
});
