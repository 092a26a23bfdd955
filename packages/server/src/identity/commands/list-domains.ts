import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { loadDomainResponses } from '../responses.ts';
import { inSubtree } from '../domains.ts';
import { assertDomainAccess, findDomain, isAdmin } from '../scope.ts';

export const listDomains = defineCommand({
  name: 'listDomains',
  description: 'Lists domains: the caller\'s (or the one named by id), with listall=true its whole subtree',
  access: access.all,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'List this domain (with listall=true, and its subtree)' },
    name: { type: 'string', description: 'List domains by name' },
    level: { type: 'integer', description: 'List domains at this level (ROOT is 0)' },
    listall: { type: 'boolean', description: 'Admins: list the whole subtree instead of the one domain' },
  },
  response: { type: 'list', listKey: 'domain' },
  async handler(ctx, p) {
    const base = await findDomain(ctx, (p.id as string | undefined) ?? ctx.caller.domainId);
    assertDomainAccess(ctx.caller, base);
    const { limit, offset } = await paging(ctx, p);
    // Users see only their own domain, whatever listall says.
    const wholeSubtree = isAdmin(ctx.caller) && p.listall === true;
    let q = ctx.db.selectFrom('domain');
    q = wholeSubtree ? q.where(inSubtree(base.path)) : q.where('id', '=', base.id);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.level !== undefined) q = q.where('level', '=', p.level as number);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('path').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await loadDomainResponses(ctx.db, rows));
  },
});

export const listDomainChildren = defineCommand({
  name: 'listDomainChildren',
  description: 'Lists the child domains of a domain (the caller\'s when no id is given); all descendants with isrecursive=true',
  access: access.domainAdmins,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'The parent domain' },
    name: { type: 'string', description: 'List children by name' },
    isrecursive: { type: 'boolean', description: 'List all descendants, not only the direct children' },
    listall: { type: 'boolean', description: 'Same as isrecursive=true' },
  },
  response: { type: 'list', listKey: 'domain' },
  async handler(ctx, p) {
    const parent = await findDomain(ctx, (p.id as string | undefined) ?? ctx.caller.domainId);
    assertDomainAccess(ctx.caller, parent);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('domain');
    q =
      p.isrecursive === true || p.listall === true
        ? q.where(inSubtree(parent.path)).where('id', '!=', parent.id)
        : q.where('parent_id', '=', parent.id);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.keyword) q = q.where(containsText('name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('path').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await loadDomainResponses(ctx.db, rows));
  },
});
