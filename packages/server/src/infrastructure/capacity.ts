import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { settingDefault } from './settings.ts';

/**
 * A setting's numeric value for the row's cluster (or pool), inside SQL: the scoped value, then the global one, then
 * the default. Being SQL, a capacity check and its update are one statement, so two placements racing for the last
 * room on a host cannot both win.
 */
export function settingSql(name: string, scope: 'cluster' | 'storagepool', scopeColumn: string): RawBuilder<number> {
  const value = (s: string, id: RawBuilder<unknown>) =>
    sql`(SELECT CAST(cv.value AS DOUBLE PRECISION) FROM configuration_value cv WHERE cv.name = ${name} AND cv.scope = ${s} AND cv.scope_id = ${id})`;
  return sql<number>`COALESCE(${value(scope, sql.ref(scopeColumn))}, ${value('global', sql.lit(''))}, ${sql.lit(settingDefault(name))})`;
}

/** The host's CPU in MHz, after the cluster's overprovisioning factor. */
export const hostCpuCapacity = (table = 'host') =>
  sql<number>`(${sql.ref(`${table}.cpu_number`)} * ${sql.ref(`${table}.cpu_speed`)} * ${settingSql('cpu.overprovisioning.factor', 'cluster', `${table}.cluster_id`)})`;

/** The host's memory in bytes, after the cluster's overprovisioning factor. */
export const hostMemoryCapacity = (table = 'host') =>
  sql<number>`(${sql.ref(`${table}.memory_total`)} * ${settingSql('mem.overprovisioning.factor', 'cluster', `${table}.cluster_id`)})`;

/** The pool's bytes after the storage overprovisioning factor (which CloudStack applies to NFS pools). */
export const poolCapacity = (table = 'storage_pool') =>
  sql<number>`(${sql.ref(`${table}.capacity_bytes`)} * ${settingSql('storage.overprovisioning.factor', 'storagepool', `${table}.id`)})`;

/** Takes CPU and memory on a host if they fit, in one conditional UPDATE; false when there is no room. */
export async function reserveHostCapacity(trx: Kysely<Database>, hostId: string, cpuMhz: number, memoryBytes: number): Promise<boolean> {
  const r = await trx
    .updateTable('host')
    .set({ cpu_used_mhz: sql`cpu_used_mhz + ${cpuMhz}`, memory_used: sql`memory_used + ${memoryBytes}` })
    .where('id', '=', hostId)
    .where(sql<boolean>`cpu_used_mhz + ${cpuMhz} <= ${hostCpuCapacity()}`)
    .where(sql<boolean>`memory_used + ${memoryBytes} <= ${hostMemoryCapacity()}`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Gives CPU and memory back to a host (never below zero). */
export async function releaseHostCapacity(trx: Kysely<Database>, hostId: string, cpuMhz: number, memoryBytes: number): Promise<void> {
  await trx
    .updateTable('host')
    .set({
      cpu_used_mhz: sql`CASE WHEN cpu_used_mhz < ${cpuMhz} THEN 0 ELSE cpu_used_mhz - ${cpuMhz} END`,
      memory_used: sql`CASE WHEN memory_used < ${memoryBytes} THEN 0 ELSE memory_used - ${memoryBytes} END`,
    })
    .where('id', '=', hostId)
    .execute();
}

/** Allocates bytes on a primary storage pool if they fit after overprovisioning; false when there is no room. */
export async function reservePoolCapacity(trx: Kysely<Database>, poolId: string, bytes: number): Promise<boolean> {
  const r = await trx
    .updateTable('storage_pool')
    .set({ allocated_bytes: sql`allocated_bytes + ${bytes}` })
    .where('id', '=', poolId)
    .where(sql<boolean>`allocated_bytes + ${bytes} <= ${poolCapacity()}`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function releasePoolCapacity(trx: Kysely<Database>, poolId: string, bytes: number): Promise<void> {
  await trx
    .updateTable('storage_pool')
    .set({ allocated_bytes: sql`CASE WHEN allocated_bytes < ${bytes} THEN 0 ELSE allocated_bytes - ${bytes} END` })
    .where('id', '=', poolId)
    .execute();
}
