import type { Migration } from 'kysely/migration';

/** Tables the agents domain owns. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AgentsTables {}

export const agentsMigrations: Record<string, Migration> = {};
