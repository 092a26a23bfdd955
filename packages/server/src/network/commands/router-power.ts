import { defineCommand, object, type CommandContext } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { agents } from '../../agents/index.ts';
import { assertAccess } from '../../identity/scope.ts';
import { rebuildRouter } from '../router.ts';
import { getRouterHealthCheckResults } from './router-health.ts';
import { findRouter, routerResponse, type RouterRow } from '../routers-view.ts';

const jobInstance = { type: 'DomainRouter', idParam: 'id' };
const idParam = { id: { type: 'uuid' as const, entity: 'DomainRouter', required: true, description: 'The ID of the router' } };

/** The router to act on, within the caller's reach (admins: their domain's networks). */
async function routerFor(ctx: CommandContext, id: string, verb: string): Promise<RouterRow> {
  const r = await findRouter(ctx.db, id);
  assertAccess(ctx.caller, { accountId: r.account_id, domainPath: r.domain_path }, 'router');
  ctx.event = { ...ctx.event, resourceType: 'DomainRouter', resourceId: r.id as string, description: `${verb} the router of network ${r.network_name}` };
  return r;
}

const networkOf = (r: RouterRow) => ({ id: r.network_id, zone_id: r.zone_id, name: r.network_name });

/** startRouter and rebootRouter: the router built again on its host, as it was (start) or from nothing (reboot). */
function rebuildCommand(name: string, description: string, event: string, verb: string, cleanup: boolean) {
  return defineCommand({
    name,
    description,
    access: access.domainAdmins,
    async: true,
    event,
    jobInstance,
    params: idParam,
    response: { type: 'object', name: 'router' },
    async handler(ctx, p) {
      const r = await routerFor(ctx, p.id as string, verb);
      await rebuildRouter(ctx.db, networkOf(r), cleanup);
      return object(routerResponse(await findRouter(ctx.db, r.id as string)));
    },
  });
}

export const startRouter = rebuildCommand('startRouter', 'Starts a stopped router: brought up again on its host with every lease, guest datum and rule', 'ROUTER.START', 'started', false);
export const rebootRouter = rebuildCommand('rebootRouter', 'Reboots a router: removed from its host and built again from nothing', 'ROUTER.REBOOT', 'rebooted', true);

export const stopRouter = defineCommand({
  name: 'stopRouter',
  description: 'Stops a router: its namespace and daemons leave the host, so its network has no DHCP, DNS or NAT until it starts again (a VM starting in the network starts it)',
  access: access.domainAdmins,
  async: true,
  event: 'ROUTER.STOP',
  jobInstance,
  params: { ...idParam, forced: { type: 'boolean', description: 'Mark it Stopped even when its host cannot be reached' } },
  response: { type: 'object', name: 'router' },
  async handler(ctx, p) {
    const r = await routerFor(ctx, p.id as string, 'stopped');
    try {
      await agents().send(r.host_id, { kind: 'DestroyNetwork', networkId: r.network_id }, { timeoutMs: 60_000 });
    } catch (e) {
      if (!p.forced) throw e;
    }
    await ctx.db.updateTable('network_router').set({ state: 'Stopped' }).where('network_id', '=', r.network_id).execute();
    return object(routerResponse(r, 'Stopped'));
  },
});

export const destroyRouter = defineCommand({
  name: 'destroyRouter',
  description: 'Destroys a router; the next VM starting in its network builds a new one',
  access: access.domainAdmins,
  async: true,
  event: 'ROUTER.DESTROY',
  jobInstance,
  params: idParam,
  response: { type: 'object', name: 'router' },
  async handler(ctx, p) {
    const r = await routerFor(ctx, p.id as string, 'destroyed');
    await agents().send(r.host_id, { kind: 'DestroyNetwork', networkId: r.network_id }, { timeoutMs: 60_000 });
    await ctx.db.deleteFrom('network_router').where('network_id', '=', r.network_id).execute();
    return object(routerResponse(r, 'Destroyed'));
  },
});

export const routerCommands = [startRouter, stopRouter, rebootRouter, destroyRouter, getRouterHealthCheckResults];
