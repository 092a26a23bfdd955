import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Load balancer rules on public addresses, the VMs behind them and their stickiness and health check policies. */
export interface LoadBalancerTables {
  load_balancer_rule: {
    id: string;
    name: string;
    description: string | null;
    network_id: string;
    /** The public address (`public_ip`/`network_ip` id) whose port the rule listens on. */
    ip_id: string;
    account_id: string;
    domain_id: string;
    public_port: number;
    private_port: number;
    /** roundrobin, leastconn or source. */
    algorithm: string;
    /** tcp or tcp-proxy. */
    protocol: string;
    /** Comma-separated source CIDRs the rule admits; null: any. */
    cidr_list: string | null;
    /** `Add` until the router took it, then `Active`; `Revoke` while its removal is applied. */
    state: string;
    created: string;
  };
  /** A VM assigned to a rule, by its address in the rule's network. */
  load_balancer_vm: {
    rule_id: string;
    vm_id: string;
    vm_ip: string;
    /** As the rule's: `Add`, `Active`, `Revoke`. */
    state: string;
    created: string;
  };
  /** At most one of each kind per rule. */
  load_balancer_policy: {
    id: string;
    rule_id: string;
    /** `Stickiness` or `HealthCheck`. */
    kind: string;
    name: string | null;
    description: string | null;
    /** Stickiness: LbCookie, AppCookie or SourceBased, with its parameters as a JSON object. */
    method: string | null;
    params: string | null;
    /** Health check. */
    ping_path: string | null;
    response_timeout: number | null;
    interval_time: number | null;
    healthy_threshold: number | null;
    unhealthy_threshold: number | null;
    state: string;
    created: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('load_balancer_rule')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'varchar(4096)')
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('ip_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('public_port', 'integer', (c) => c.notNull())
    .addColumn('private_port', 'integer', (c) => c.notNull())
    .addColumn('algorithm', 'varchar(16)', (c) => c.notNull())
    .addColumn('protocol', 'varchar(16)', (c) => c.notNull())
    .addColumn('cidr_list', 'varchar(4096)')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('load_balancer_rule_network_idx').on('load_balancer_rule').column('network_id').execute();
  await db.schema.createIndex('load_balancer_rule_ip_idx').on('load_balancer_rule').columns(['ip_id', 'public_port']).execute();
  await db.schema.createIndex('load_balancer_rule_account_idx').on('load_balancer_rule').column('account_id').execute();
  await db.schema
    .createTable('load_balancer_vm')
    .addColumn('rule_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('vm_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('vm_ip', 'varchar(39)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('load_balancer_vm_pk', ['rule_id', 'vm_id', 'vm_ip'])
    .execute();
  await db.schema.createIndex('load_balancer_vm_vm_idx').on('load_balancer_vm').column('vm_id').execute();
  await db.schema
    .createTable('load_balancer_policy')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('rule_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'varchar(4096)')
    .addColumn('method', 'varchar(16)')
    .addColumn('params', 'varchar(4096)')
    .addColumn('ping_path', 'varchar(255)')
    .addColumn('response_timeout', 'integer')
    .addColumn('interval_time', 'integer')
    .addColumn('healthy_threshold', 'integer')
    .addColumn('unhealthy_threshold', 'integer')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('load_balancer_policy_kind_unique', ['rule_id', 'kind'])
    .execute();
}

export const loadBalancerMigrations: Record<string, Migration> = { '0019_load_balancer': { up } };
