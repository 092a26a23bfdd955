import type { Migration } from 'kysely/migration';

/** Tables the offerings domain owns. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OfferingsTables {}

export const offeringsMigrations: Record<string, Migration> = {};
