import { sql, type SqlBool } from 'kysely';
import { defineCommand, success, type MapEntry } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { resolveResources } from './create-tags.ts';

export const deleteTags = defineCommand({
  name: 'deleteTags',
  description: 'Deleting resource tag(s)',
  access: access.all,
  async: true,
  event: 'DELETE_TAGS',
  params: {
    resourceids: { type: 'list', of: 'string', required: true, description: 'Delete tags for these resources' },
    resourcetype: { type: 'string', required: true, description: 'Type of the resources' },
    tags: { type: 'map', description: 'Delete these tags (a key alone: whatever its value); all tags of the resources when absent' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const { type, owners } = await resolveResources(ctx, 'deleteTags', p);
    const wanted = ((p.tags as MapEntry[] | undefined) ?? []).filter((e) => e.key !== undefined);
    let q = ctx.db.deleteFrom('resource_tag').where('resource_type', '=', type).where('resource_id', 'in', [...owners.keys()]);
    if (wanted.length > 0) {
      const matches = wanted.map((e) =>
        e.value === undefined ? sql<SqlBool>`key = ${e.key}` : sql<SqlBool>`(key = ${e.key} AND value = ${e.value})`,
      );
      q = q.where(sql<SqlBool>`(${sql.join(matches, sql` OR `)})`);
    }
    const deleted = Number((await q.executeTakeFirst()).numDeletedRows);
    if (deleted === 0) throw errors.paramError('Unable to find any tags which conform to specified delete parameters');
    ctx.event = { ...ctx.event, resourceType: type, resourceId: [...owners.keys()][0], description: `deleted ${deleted} tag(s) of ${type} ${[...owners.keys()].join(', ')}` };
    return success();
  },
});
