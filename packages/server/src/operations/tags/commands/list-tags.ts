import { sql, type SqlBool } from 'kysely';
import { containsText } from '../../../db/text.ts';
import { defineCommand, list } from '../../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../../kernel/paging.ts';
import { access } from '../../../kernel/roles.ts';
import { listScope, scopeCondition } from '../../../identity/scope.ts';
import { canonicalType } from '../registry.ts';
import { tagResponses } from '../service.ts';

export const listTags = defineCommand({
  name: 'listTags',
  description: 'List resource tag(s)',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    resourcetype: { type: 'string', description: 'List tags of this resource type (UserVm, Volume...)' },
    resourceid: { type: 'string', description: 'List tags of this resource' },
    key: { type: 'string', description: 'List tags with this key' },
    value: { type: 'string', description: 'List tags with this value' },
    customer: { type: 'string', description: 'List tags of this customer' },
  },
  response: { type: 'list', listKey: 'tag' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('resource_tag').where(scopeCondition(scope, { account: 'resource_tag.account_id', domain: 'resource_tag.domain_id' }));
    if (p.resourcetype) q = q.where('resource_type', '=', canonicalType(p.resourcetype as string));
    if (p.resourceid) q = q.where('resource_id', '=', p.resourceid as string);
    if (p.key !== undefined) q = q.where('key', '=', p.key as string);
    if (p.value !== undefined) q = q.where('value', '=', p.value as string);
    if (p.customer !== undefined) q = q.where('customer', '=', p.customer as string);
    if (p.keyword) q = q.where(sql<SqlBool>`(${containsText('key', p.keyword as string)} OR ${containsText('value', p.keyword as string)})`);
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('resource_type').orderBy('resource_id').orderBy('key').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await tagResponses(ctx.db, rows));
  },
});
