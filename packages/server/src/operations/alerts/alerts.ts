import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Database } from '../../db/schema.ts';

/** Alerts for operators (CloudStack's AlertManager): what went wrong in the infrastructure, not who did what. */
export interface AlertsTables {
  alert: {
    id: string;
    /** CloudStack's alert type number (`alertTypes`). */
    type: number;
    name: string;
    description: string;
    zone_id: string | null;
    pod_id: string | null;
    cluster_id: string | null;
    archived: number;
    sent: string;
  };
}

/** The alert types Nimbus raises, numbered as CloudStack's AlertManager numbers them. */
export const alertTypes = {
  HOST: { type: 7, name: 'ALERT.HOST', description: 'A host changed state: disconnected, down or back up' },
  USERVM: { type: 8, name: 'ALERT.USERVM', description: 'A user VM stopped without being asked to (its host reported it off)' },
} as const;

export type AlertKind = keyof typeof alertTypes;

/** Records an alert; it never fails its caller (an alert that cannot be written is logged by the caller's log). */
export async function raiseAlert(db: Kysely<Database>, kind: AlertKind, description: string, where: { zoneId?: string; podId?: string; clusterId?: string } = {}): Promise<void> {
  const t = alertTypes[kind];
  await db
    .insertInto('alert')
    .values({
      id: randomUUID(),
      type: t.type,
      name: t.name,
      description,
      zone_id: where.zoneId ?? null,
      pod_id: where.podId ?? null,
      cluster_id: where.clusterId ?? null,
      archived: 0,
      sent: new Date().toISOString(),
    })
    .execute();
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'varchar(1024)', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(36)')
    .addColumn('pod_id', 'varchar(36)')
    .addColumn('cluster_id', 'varchar(36)')
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('sent', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_sent_idx').on('alert').columns(['archived', 'sent']).execute();
}

export const alertsMigrations: Record<string, Migration> = { '0016_alerts': { up } };
