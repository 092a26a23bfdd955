import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { formatDate } from '../../kernel/serialize.ts';

export const listOsTypes = defineCommand({
  name: 'listOsTypes',
  description: 'Lists the OS types templates and ISOs can declare',
  access: access.all,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'List by OS type ID' },
    ids: { type: 'list', of: 'uuid', description: 'List by OS type IDs' },
    oscategoryid: { type: 'uuid', description: 'List by OS category ID' },
    description: { type: 'string', description: 'List by OS type description' },
    fordisplay: { type: 'boolean', description: 'List OS types shown to end users (true) or not' },
  },
  response: { type: 'list', listKey: 'ostype' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('os_type').innerJoin('os_category', 'os_category.id', 'os_type.category_id');
    const ids = [...((p.ids as string[] | undefined) ?? []), ...(p.id ? [p.id as string] : [])];
    if (ids.length) q = q.where('os_type.id', 'in', ids);
    if (p.oscategoryid) q = q.where('os_type.category_id', '=', p.oscategoryid as string);
    if (p.description) q = q.where('os_type.description', '=', p.description as string);
    if (p.fordisplay !== undefined) q = q.where('os_type.for_display', '=', p.fordisplay ? 1 : 0);
    if (p.keyword) q = q.where(containsText('os_type.description', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q
        .select(['os_type.id', 'os_type.description', 'os_type.category_id', 'os_type.is_user_defined', 'os_type.for_display', 'os_category.name as category'])
        .orderBy('os_type.description')
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return list(
      Number(count),
      rows.map((r) => ({
        id: r.id,
        name: r.description,
        description: r.description,
        oscategoryid: r.category_id,
        oscategoryname: r.category,
        isuserdefined: r.is_user_defined === 1,
        fordisplay: r.for_display === 1,
      })),
    );
  },
});

export const listOsCategories = defineCommand({
  name: 'listOsCategories',
  description: 'Lists the OS categories OS types belong to',
  access: access.all,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'List by OS category ID' },
    name: { type: 'string', description: 'List by OS category name' },
    isfeatured: { type: 'boolean', description: 'List featured categories (true) or the others' },
  },
  response: { type: 'list', listKey: 'oscategory' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('os_category');
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.isfeatured !== undefined) q = q.where('is_featured', '=', p.isfeatured ? 1 : 0);
    if (p.keyword) q = q.where(containsText('os_category.name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('sort_key').orderBy('name').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), rows.map((r) => ({ id: r.id, name: r.name, isfeatured: r.is_featured === 1, created: formatDate(r.created) })));
  },
});
