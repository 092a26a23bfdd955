import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from './command.ts';

export type EventState = 'Scheduled' | 'Started' | 'Completed' | 'Created';
export type EventLevel = 'INFO' | 'WARN' | 'ERROR';

export interface EventRecord {
  caller: Caller;
  type: string;
  state: EventState;
  level: EventLevel;
  description: string;
  resourceType?: string;
  resourceId?: string;
  /** The id of the Scheduled/Started event this one continues. */
  startId?: string;
}

/** Records one event row and returns its id. */
export async function recordEvent(db: Kysely<Database>, e: EventRecord): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('event')
    .values({
      id,
      type: e.type,
      state: e.state,
      level: e.level,
      description: e.description,
      user_id: e.caller.userId,
      account_id: e.caller.accountId,
      domain_id: e.caller.domainId,
      resource_type: e.resourceType ?? null,
      resource_id: e.resourceId ?? null,
      start_id: e.startId ?? null,
      archived: 0,
      created: new Date().toISOString(),
    })
    .execute();
  return id;
}
