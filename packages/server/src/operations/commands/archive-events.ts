import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { slices } from '../../db/slices.ts';
import { defineCommand, success, type CommandContext, type CommandDecl, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { listScope, scopeCondition } from '../../identity/index.ts';
import { eventDateParams, eventDates } from '../events-view.ts';

const params: CommandDecl['params'] = {
  ...eventDateParams,
  ids: { type: 'list', of: 'uuid', entity: 'Event', description: 'The IDs of the events' },
  type: { type: 'string', description: 'The event type' },
};

/**
 * The events an archive or delete call names, inside the caller's reach (its own account's, or an admin's domain
 * subtree). Named ids that are missing or out of reach make the whole call fail, so nothing is half done.
 */
async function selectEvents(ctx: CommandContext, db: Kysely<Database>, command: string, p: Params): Promise<string[]> {
  const ids = p.ids as string[] | undefined;
  if (!ids?.length && !p.type && p.enddate === undefined) {
    throw errors.paramError(`Unable to execute API command ${command.toLowerCase()}: either ids, type or enddate must be specified`);
  }
  if (p.startdate !== undefined && p.enddate === undefined) throw errors.paramError('enddate must be specified with the startdate parameter');
  const { start, end } = eventDates(command, p);
  const scope = await listScope(ctx, { listall: true });
  let q = db.selectFrom('event').select('id').where(scopeCondition(scope, { account: 'event.account_id', domain: 'event.domain_id' }));
  if (ids?.length) q = q.where('id', 'in', ids);
  if (p.type) q = q.where('type', '=', (p.type as string).toUpperCase());
  if (start) q = q.where('created', '>=', start);
  if (end) q = q.where('created', '<=', end);
  const found = (await q.execute()).map((r) => r.id);
  if (ids?.length) {
    const have = new Set(found);
    const missing = [...new Set(ids)].filter((id) => !have.has(id));
    if (missing.length) throw errors.paramError(`Unable to find events with ids ${missing.join(', ')}`, missing);
  }
  return found;
}

export const archiveEvents = defineCommand({
  name: 'archiveEvents',
  description: 'Archive one or more events; archived events are hidden from listEvents unless archived=true',
  access: access.all,
  params,
  response: { type: 'success' },
  async handler(ctx, p) {
    await ctx.db.transaction().execute(async (trx) => {
      const ids = await selectEvents(ctx, trx, 'archiveEvents', p);
      for (const part of slices(ids)) await trx.updateTable('event').set({ archived: 1 }).where('id', 'in', part).execute();
    });
    return success();
  },
});

export const deleteEvents = defineCommand({
  name: 'deleteEvents',
  description: 'Delete one or more events',
  access: access.all,
  params,
  response: { type: 'success' },
  async handler(ctx, p) {
    await ctx.db.transaction().execute(async (trx) => {
      const ids = await selectEvents(ctx, trx, 'deleteEvents', p);
      for (const part of slices(ids)) await trx.deleteFrom('event').where('id', 'in', part).execute();
    });
    return success();
  },
});
