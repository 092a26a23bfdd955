import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { RouterCheck } from '@nimbus/protocol';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { formatDate } from '../kernel/serialize.ts';
import { agents } from '../agents/index.ts';
import { ruleSet } from './rules/apply.ts';
import type { RouterRow } from './routers-view.ts';

type Db = Kysely<Database>;

/** The last health checks of each router, as CloudStack keeps them (router_health_check). */
export interface RouterHealthTables {
  router_health: {
    router_id: string;
    /** JSON: the checks the router's host answered. */
    checks: string;
    checked: string;
  };
}

export interface RouterHealth {
  checks: RouterCheck[];
  checked: string;
}

/**
 * Runs the router's health checks on its host and keeps them. A host that cannot be asked fails one check saying so:
 * the router is as unhealthy as the host that should run it.
 */
export async function checkRouter(db: Db, r: RouterRow): Promise<RouterHealth> {
  const rules = await ruleSet(db, r.network_id);
  let checks: RouterCheck[];
  try {
    const answer = await agents().send(
      r.host_id,
      { kind: 'CheckRouterHealth', networkId: r.network_id, gateway: r.gateway, expectRules: rules.publicIps.length > 0, expectLoadBalancer: (rules.loadBalancers ?? []).length > 0 },
      { timeoutMs: 30_000 },
    );
    checks = answer.checks;
  } catch (e) {
    checks = [{ name: 'router_host', type: 'basic', success: false, details: `host ${r.host_name} could not check the router: ${e instanceof Error ? e.message : String(e)}` }];
  }
  const checked = new Date().toISOString();
  const row = { router_id: r.id as string, checks: JSON.stringify(checks), checked };
  await db
    .insertInto('router_health')
    .values(row)
    .onConflict((oc) => oc.column('router_id').doUpdateSet({ checks: row.checks, checked }))
    .execute();
  return { checks, checked };
}

/** The kept results of these routers. */
export async function lastHealth(db: Db, routerIds: string[]): Promise<Map<string, RouterHealth>> {
  if (routerIds.length === 0) return new Map();
  const rows = await db.selectFrom('router_health').selectAll().where('router_id', 'in', routerIds).execute();
  return new Map(rows.map((h) => [h.router_id, { checks: JSON.parse(h.checks) as RouterCheck[], checked: h.checked }]));
}

/** CloudStack's RouterHealthCheckResultResponse of each check. */
export const healthResponses = (h: RouterHealth): ResponseObject[] =>
  h.checks.map((c) => ({ checkname: c.name, checktype: c.type, success: c.success, lastupdated: formatDate(h.checked), details: c.details }));

export const failed = (h: RouterHealth | undefined) => (h ? h.checks.some((c) => !c.success) : false);

async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('router_health')
    .addColumn('router_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('checks', 'text', (c) => c.notNull())
    .addColumn('checked', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export const routerHealthMigrations: Record<string, Migration> = { '0021_router_health': { up } };
