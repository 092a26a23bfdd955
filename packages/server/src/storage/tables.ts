import type { Migration } from 'kysely/migration';

/** Tables the storage domain owns. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StorageTables {}

export const storageMigrations: Record<string, Migration> = {};
