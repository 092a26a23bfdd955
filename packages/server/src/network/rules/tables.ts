import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables of public addresses' uses and the network rules on them (the control plane the router applies). */
export interface NetworkRulesTables {
  /** A public address associated with a guest network (infrastructure's `public_ip` row holds its allocation). */
  network_ip: {
    /** The `public_ip` row's id. */
    id: string;
    network_id: string;
    is_source_nat: number;
    /** The guest a static NAT maps this address to, and which of its addresses. */
    static_nat_vm_id: string | null;
    static_nat_vm_ip: string | null;
    created: string;
  };
  /** Port forwards, ingress firewall rules (on a public address) and egress firewall rules (on a network). */
  network_rule: {
    id: string;
    /** `PortForwarding`, `Firewall` or `Egress`. */
    purpose: string;
    network_id: string;
    ip_id: string | null;
    account_id: string;
    domain_id: string;
    /** tcp, udp, icmp or all. */
    protocol: string;
    /** The public port range (port forwards) or the guarded range (firewall); null for icmp and all. */
    start_port: number | null;
    end_port: number | null;
    private_port: number | null;
    private_end_port: number | null;
    vm_id: string | null;
    vm_ip: string | null;
    /** Comma-separated. */
    cidr_list: string;
    dest_cidr_list: string | null;
    icmp_type: number | null;
    icmp_code: number | null;
    /** The port forward an `openfirewall` firewall rule was made for: removed with it. */
    related_id: string | null;
    /** `Add` until the router took it, then `Active`; `Revoke` while its removal is applied. */
    state: string;
    created: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('network_ip')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('is_source_nat', 'integer', (c) => c.notNull())
    .addColumn('static_nat_vm_id', 'varchar(36)')
    .addColumn('static_nat_vm_ip', 'varchar(39)')
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_ip_network_idx').on('network_ip').column('network_id').execute();
  await db.schema
    .createTable('network_rule')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('ip_id', 'varchar(36)')
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('domain_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('protocol', 'varchar(8)', (c) => c.notNull())
    .addColumn('start_port', 'integer')
    .addColumn('end_port', 'integer')
    .addColumn('private_port', 'integer')
    .addColumn('private_end_port', 'integer')
    .addColumn('vm_id', 'varchar(36)')
    .addColumn('vm_ip', 'varchar(39)')
    .addColumn('cidr_list', 'varchar(4096)', (c) => c.notNull())
    .addColumn('dest_cidr_list', 'varchar(4096)')
    .addColumn('icmp_type', 'integer')
    .addColumn('icmp_code', 'integer')
    .addColumn('related_id', 'varchar(36)')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_rule_network_idx').on('network_rule').columns(['network_id', 'purpose']).execute();
  await db.schema.createIndex('network_rule_ip_idx').on('network_rule').column('ip_id').execute();
  await db.schema.createIndex('network_rule_account_idx').on('network_rule').column('account_id').execute();
}

export const networkRulesMigrations: Record<string, Migration> = { '0012_network_rules': { up } };
