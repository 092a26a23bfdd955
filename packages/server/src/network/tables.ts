import type { Migration } from 'kysely/migration';

/** Tables the network domain owns. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NetworkTables {}

export const networkMigrations: Record<string, Migration> = {};
