import { defineCommand, object } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/scope.ts';
import { checkRouter, healthResponses, lastHealth } from '../router-health.ts';
import { findRouter } from '../routers-view.ts';

export const getRouterHealthCheckResults = defineCommand({
  name: 'getRouterHealthCheckResults',
  description: "Returns a router's health checks (namespace, gateway, dnsmasq, metadata service, NAT table, load balancer), run on its host",
  access: access.rootAdmin,
  params: {
    routerid: { type: 'uuid', entity: 'DomainRouter', required: true, description: 'The ID of the router' },
    performfreshchecks: { type: 'boolean', description: 'Run the checks now instead of answering the last results' },
  },
  response: { type: 'object', name: 'routerhealthchecks' },
  async handler(ctx, p) {
    const r = await findRouter(ctx.db, p.routerid as string);
    assertAccess(ctx.caller, { accountId: r.account_id, domainPath: r.domain_path }, 'router');
    const kept = p.performfreshchecks === true ? undefined : (await lastHealth(ctx.db, [r.id as string])).get(r.id as string);
    const health = kept ?? (await checkRouter(ctx.db, r));
    return object({ routerid: r.id, healthchecks: healthResponses(health) });
  },
});
