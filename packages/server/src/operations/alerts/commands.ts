import { slices } from '../../db/slices.ts';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, success, type CommandContext, type CommandDecl, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { formatDate } from '../../kernel/serialize.ts';
import { eventDateParams, eventDates } from '../events-view.ts';
import { alertTypes } from './alerts.ts';

export const listAlerts = defineCommand({
  name: 'listAlerts',
  description: 'Lists the alerts raised for operators (hosts disconnecting or going down, VMs stopping on their own), newest first',
  access: access.rootAdmin,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The ID of the alert' },
    type: { type: 'string', description: 'The alert type number (see listAlertTypes)' },
    name: { type: 'string', description: 'The alert name, e.g. ALERT.HOST' },
  },
  response: { type: 'list', listKey: 'alert' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('alert').where('archived', '=', 0);
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.type !== undefined) {
      const type = Number(p.type);
      if (!Number.isInteger(type)) throw errors.invalidParam('listAlerts', 'type', String(p.type), 'expected an alert type number');
      q = q.where('type', '=', type);
    }
    if (p.name) q = q.where('name', '=', (p.name as string).toUpperCase());
    if (p.keyword) q = q.where((eb) => eb.or([containsText('name', p.keyword as string), containsText('description', p.keyword as string)]));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('sent', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    ]);
    return list(
      Number(count),
      rows.map((a) => ({ id: a.id, type: a.type, name: a.name, description: a.description, sent: formatDate(a.sent) })),
    );
  },
});

export const listAlertTypes = defineCommand({
  name: 'listAlertTypes',
  description: 'Lists the alert types this cloud raises',
  access: access.rootAdmin,
  params: {},
  response: { type: 'list', listKey: 'alerttype' },
  async handler() {
    const types = Object.values(alertTypes);
    return list(types.length, types.map((t) => ({ id: String(t.type), type: t.type, name: t.name, description: t.description })));
  },
});

const changeParams: CommandDecl['params'] = {
  ...eventDateParams,
  ids: { type: 'list', of: 'uuid', entity: 'Alert', description: 'The IDs of the alerts' },
  type: { type: 'string', description: 'The alert type number' },
};

/** The alerts an archive or delete names; a named id that does not exist fails the whole call. */
async function selectAlerts(ctx: CommandContext, command: string, p: Params): Promise<string[]> {
  const ids = p.ids as string[] | undefined;
  if (!ids?.length && p.type === undefined && p.enddate === undefined) {
    throw errors.paramError(`Unable to execute API command ${command.toLowerCase()}: either ids, type or enddate must be specified`);
  }
  const { start, end } = eventDates(command, p);
  let q = ctx.db.selectFrom('alert').select('id');
  if (ids?.length) q = q.where('id', 'in', ids);
  if (p.type !== undefined) q = q.where('type', '=', Number(p.type));
  if (start) q = q.where('sent', '>=', start);
  if (end) q = q.where('sent', '<=', end);
  const found = (await q.execute()).map((r) => r.id);
  const have = new Set(found);
  const missing = (ids ?? []).filter((id) => !have.has(id));
  if (missing.length) throw errors.paramError(`Unable to find alerts with ids ${missing.join(', ')}`, missing);
  return found;
}

/** archiveAlerts and deleteAlerts: the same selection, archived or removed (in slices). */
function changeAlerts(name: string, description: string, change: (ctx: CommandContext, ids: string[]) => Promise<unknown>) {
  return defineCommand({
    name,
    description,
    access: access.rootAdmin,
    params: changeParams,
    response: { type: 'success' },
    async handler(ctx, p) {
      for (const part of slices(await selectAlerts(ctx, name, p))) await change(ctx, part);
      return success();
    },
  });
}

export const archiveAlerts = changeAlerts('archiveAlerts', 'Archives alerts: they no longer show in listAlerts', (ctx, ids) =>
  ctx.db.updateTable('alert').set({ archived: 1 }).where('id', 'in', ids).execute(),
);
export const deleteAlerts = changeAlerts('deleteAlerts', 'Deletes alerts', (ctx, ids) => ctx.db.deleteFrom('alert').where('id', 'in', ids).execute());

export const alertCommands = [listAlerts, listAlertTypes, archiveAlerts, deleteAlerts];
