import type { Migration } from 'kysely/migration';

/** Tables the compute domain owns. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ComputeTables {}

export const computeMigrations: Record<string, Migration> = {};
