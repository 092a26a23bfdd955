import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { kernelMigrations } from '../kernel/tables.ts';
import { identityMigrations } from '../identity/tables.ts';
import { infrastructureMigrations } from '../infrastructure/tables.ts';
import { offeringsMigrations } from '../offerings/tables.ts';
import { imagesMigrations } from '../images/tables.ts';
import { agentsMigrations } from '../agents/tables.ts';
import { storageMigrations } from '../storage/tables.ts';
import { networkMigrations } from '../network/tables.ts';
import { computeMigrations } from '../compute/tables.ts';
import { limitsMigrations } from '../identity/limits/tables.ts';
import { tagsMigrations } from '../operations/tags/tables.ts';
import { alertsMigrations } from '../operations/alerts/alerts.ts';
import { networkRulesMigrations } from '../network/rules/tables.ts';
import { loadBalancerMigrations } from '../network/lb/tables.ts';
import { routerHealthMigrations } from '../network/router-health.ts';
import type { Database } from './schema.ts';

/**
 * Every domain's migrations, keyed `NNNN_domain_what` so that the order is global. Applied at every start;
 * Kysely's migrator takes a lock, so servers starting together apply them once.
 */
export const migrations: Record<string, Migration> = {
  ...kernelMigrations,
  ...identityMigrations,
  ...infrastructureMigrations,
  ...offeringsMigrations,
  ...imagesMigrations,
  ...agentsMigrations,
  ...storageMigrations,
  ...networkMigrations,
  ...computeMigrations,
  ...tagsMigrations,
  ...alertsMigrations,
  ...limitsMigrations,
  ...networkRulesMigrations,
  ...loadBalancerMigrations,
  ...routerHealthMigrations,
};

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
}
