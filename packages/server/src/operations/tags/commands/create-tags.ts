import { defineCommand, success, type CommandContext, type MapEntry, type Params } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { access } from '../../../kernel/roles.ts';
import { assertAccess } from '../../../identity/scope.ts';
import { taggable, type TagOwner } from '../registry.ts';

/** The resources named by `resourcetype` and `resourceids`, each one the caller may act on; 431 for a missing one. */
export async function resolveResources(ctx: CommandContext, command: string, p: Params): Promise<{ type: string; owners: Map<string, TagOwner> }> {
  const t = taggable(p.resourcetype as string);
  const owners = new Map<string, TagOwner>();
  for (const id of new Set(p.resourceids as string[])) {
    const owner = await t.resolve(ctx.db, id);
    if (!owner) throw errors.notFound(t.type, id);
    assertAccess(ctx.caller, { accountId: owner.accountId, domainPath: owner.domainPath }, t.type);
    owners.set(id, owner);
  }
  if (owners.size === 0) throw errors.missingParam(command, 'resourceids');
  return { type: t.type, owners };
}

function tagEntries(entries: MapEntry[]): Array<{ key: string; value: string }> {
  const seen = new Set<string>();
  return entries.map((e) => {
    const key = e.key?.trim();
    if (!key) throw errors.paramError('Unable to create tags: every tag needs a non-empty key (tags[0].key)');
    if (e.value === undefined) throw errors.paramError(`Unable to create tags: tag ${key} has no value (tags[0].value)`);
    if (seen.has(key)) throw errors.paramError(`Unable to create tags: key ${key} is given twice`);
    seen.add(key);
    return { key, value: e.value };
  });
}

export const createTags = defineCommand({
  name: 'createTags',
  description: 'Creates resource tag(s)',
  access: access.all,
  async: true,
  event: 'CREATE_TAGS',
  params: {
    resourceids: { type: 'list', of: 'string', required: true, description: 'List of resources to create the tags for' },
    resourcetype: { type: 'string', required: true, description: 'Type of the resources: UserVm, Volume, Snapshot, Template, ISO, Network...' },
    tags: { type: 'map', required: true, description: 'Map of tags (key/value pairs): tags[0].key=k&tags[0].value=v' },
    customer: { type: 'string', description: 'Identifies the client of the resource if the resource is shared with a customer' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const tags = tagEntries(p.tags as MapEntry[]);
    const { type, owners } = await resolveResources(ctx, 'createTags', p);
    ctx.event = { ...ctx.event, resourceType: type, resourceId: [...owners.keys()][0], description: `tagged ${type} ${[...owners.keys()].join(', ')} with ${tags.map((t) => t.key).join(', ')}` };
    await ctx.db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('resource_tag')
        .select(['resource_id', 'key'])
        .where('resource_type', '=', type)
        .where('resource_id', 'in', [...owners.keys()])
        .where('key', 'in', tags.map((t) => t.key))
        .executeTakeFirst();
      if (clash) throw errors.paramError(`A tag with key ${clash.key} already exists on ${type} ${clash.resource_id}`, [clash.resource_id]);
      const created = new Date().toISOString();
      const rows = [...owners].flatMap(([id, owner]) =>
        tags.map((t) => ({
          id: crypto.randomUUID(),
          key: t.key,
          value: t.value,
          resource_type: type,
          resource_id: id,
          account_id: owner.accountId,
          domain_id: owner.domainId,
          customer: (p.customer as string | undefined) ?? null,
          created,
        })),
      );
      await trx.insertInto('resource_tag').values(rows).execute();
    });
    return success();
  },
});
