import type { Migration } from 'kysely/migration';

/** Tables the infrastructure domain owns. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InfrastructureTables {}

export const infrastructureMigrations: Record<string, Migration> = {};
