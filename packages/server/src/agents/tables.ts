import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Tables the agents domain owns. */
export interface AgentsTables {
  /**
   * Hosts whose agent this domain reaches, with what it needs to bring a simulated agent back after a restart, and
   * the state last reported to infrastructure (so a restart reports only changes).
   */
  agent_host: {
    host_id: string;
    name: string;
    hypervisor: string;
    url: string;
    cpu_number: number;
    cpu_speed: number;
    memory_bytes: number;
    local_storage_bytes: number;
    /** `Up`, `Down` or `Disconnected`. */
    state: string;
    /** KVM hosts: the secret issued at admission, sealed with the data key (the agent proves itself with it). */
    secret: string | null;
    created: string;
  };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_host')
    .addColumn('host_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('hypervisor', 'varchar(32)', (c) => c.notNull())
    .addColumn('url', 'varchar(2048)', (c) => c.notNull())
    .addColumn('cpu_number', 'integer', (c) => c.notNull())
    .addColumn('cpu_speed', 'integer', (c) => c.notNull())
    .addColumn('memory_bytes', 'bigint', (c) => c.notNull())
    .addColumn('local_storage_bytes', 'bigint', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
}

async function addSecret(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agent_host').addColumn('secret', 'varchar(255)').execute();
}

export const agentsMigrations: Record<string, Migration> = { '0006_agents': { up }, '0013_agents_kvm': { up: addSecret } };
