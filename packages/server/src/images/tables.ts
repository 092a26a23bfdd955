import type { Migration } from 'kysely/migration';

/** Tables the images domain owns. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ImagesTables {}

export const imagesMigrations: Record<string, Migration> = {};
