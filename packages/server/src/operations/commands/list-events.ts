import { sql } from 'kysely';
import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { listScope, scopeCondition } from '../../identity/index.ts';
import { eventDateParams, eventDates, eventResponse } from '../events-view.ts';

export const listEvents = defineCommand({
  name: 'listEvents',
  description: 'A command to list events',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    ...eventDateParams,
    id: { type: 'uuid', description: 'The ID of the event' },
    type: { type: 'string', description: 'The event type (see listEventTypes)' },
    level: { type: 'string', description: 'The event level (INFO, WARN, ERROR)' },
    state: { type: 'string', description: 'The event state (Scheduled, Started, Completed, Created)' },
    startid: { type: 'uuid', description: 'The parent (start) event ID' },
    resourceid: { type: 'string', description: 'The ID of the resource the events are about' },
    resourcetype: { type: 'string', description: 'The type of the resource the events are about (Account, Domain, User...)' },
    archived: { type: 'boolean', description: 'true to list archived events only; archived events are hidden otherwise' },
    duration: { type: 'integer', description: 'With entrytime: list events still pending (started, not completed) for at least this many seconds' },
    entrytime: { type: 'integer', description: 'With duration: list pending events started at most this many seconds ago' },
  },
  response: { type: 'list', listKey: 'event' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { start, end } = eventDates('listEvents', p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db
      .selectFrom('event')
      .leftJoin('user', 'user.id', 'event.user_id')
      .leftJoin('account', 'account.id', 'event.account_id')
      .leftJoin('domain', 'domain.id', 'event.domain_id')
      .where(scopeCondition(scope, { account: 'event.account_id', domain: 'event.domain_id' }))
      .where('event.archived', '=', p.archived ? 1 : 0);
    if (p.id) q = q.where('event.id', '=', p.id as string);
    if (p.type) q = q.where('event.type', '=', (p.type as string).toUpperCase());
    if (p.level) q = q.where('event.level', '=', (p.level as string).toUpperCase());
    if (p.state) q = q.where(sql`lower(${sql.ref('event.state')})`, '=', (p.state as string).toLowerCase());
    if (p.startid) q = q.where('event.start_id', '=', p.startid as string);
    if (p.resourceid) q = q.where('event.resource_id', '=', p.resourceid as string);
    if (p.resourcetype) q = q.where(sql`lower(${sql.ref('event.resource_type')})`, '=', (p.resourcetype as string).toLowerCase());
    if (start) q = q.where('event.created', '>=', start);
    if (end) q = q.where('event.created', '<=', end);
    if (p.keyword) {
      const k = p.keyword as string;
      q = q.where((eb) => eb.or([containsText('event.type', k), containsText('event.description', k), containsText('event.level', k)]));
    }
    if (p.duration !== undefined || p.entrytime !== undefined) {
      const duration = p.duration as number | undefined;
      const entry = p.entrytime as number | undefined;
      if (duration === undefined || entry === undefined) throw errors.paramError('duration and entrytime must be given together');
      if (entry <= duration) throw errors.paramError('Entry time must be greater than duration');
      const now = Date.now();
      // Pending: a Started event from the window that no Completed event continues yet.
      q = q
        .where('event.state', '=', 'Started')
        .where('event.created', '>=', new Date(now - entry * 1000).toISOString())
        .where('event.created', '<=', new Date(now - duration * 1000).toISOString())
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('event as done').select('done.id').whereRef('done.start_id', '=', 'event.id').where('done.state', '=', 'Completed'))),
        );
    }
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q
        .selectAll('event')
        .select(['user.username', 'account.name as accountName', 'domain.name as domainName', 'domain.path as domainPath'])
        .orderBy('event.created', 'desc')
        .orderBy('event.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return list(
      Number(count),
      rows.map(({ username, accountName, domainName, domainPath, ...event }) => eventResponse({ event, username, accountName, domainName, domainPath })),
    );
  },
});
