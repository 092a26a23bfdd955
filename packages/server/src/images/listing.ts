import { sql, type SqlBool } from 'kysely';
import { containsText } from '../db/text.ts';
import type { CommandContext, Params } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { paging } from '../kernel/paging.ts';
import { listScope, scopeCondition } from '../identity/index.ts';
import { isAdmin } from '../identity/scope.ts';
import { oneOf } from '../offerings/index.ts';
import { tagFilter } from '../operations/index.ts';
import { tagType } from './registrations.ts';
import { usableBy } from './catalogue.ts';
import type { CatalogueItem } from './responses.ts';
import { checkZone, ensureZone, runnableInZone } from './zones.ts';

export const filters = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] as const;

/**
 * The rows of listTemplates/listIsos: one per template and zone it is in (or one without a zone), narrowed by the
 * filter as CloudStack reads it:
 * featured: featured ones; self: the caller's (admins: the accounts `account`/`domainid`/`listall` select);
 * selfexecutable: self and ready; sharedexecutable: others' shared with the caller, ready; executable: every ready
 * one the caller may use; community: public and not featured; all (admins): every one the caller may use.
 * Templates (not ISOs) are listed only in zones whose hosts can run their hypervisor (`runnableInZone`).
 */
export async function listCatalogue(ctx: CommandContext, p: Params, iso: boolean, filterParam: string, fallback?: string): Promise<{ count: number; items: CatalogueItem[] }> {
  const filter = oneOf(filterParam, p[filterParam] ?? fallback, filters);
  if (!filter) throw errors.missingParam(iso ? 'listIsos' : 'listTemplates', filterParam);
  if (filter === 'all' && !isAdmin(ctx.caller)) throw errors.paramError(`Filter ${filter} can be specified by admins only`);
  const { limit, offset } = await paging(ctx, p);
  if (p.zoneid) {
    await checkZone(ctx.db, p.zoneid as string);
    await ensureZone(ctx.db, p.zoneid as string);
  }
  const caller = ctx.caller;
  const ready = sql<SqlBool>`tz.state = 'Ready'`;
  let q = ctx.db
    .selectFrom('template')
    .leftJoin('template_zone as tz', 'tz.template_id', 'template.id')
    .where('template.removed', 'is', null)
    .where('template.format', iso ? '=' : '!=', 'ISO');
  if (!iso) q = q.where(runnableInZone('tz.zone_id', 'template.hypervisor'));
  switch (filter) {
    case 'featured':
      q = q.where('template.is_featured', '=', 1).where(usableBy(caller));
      break;
    case 'self':
    case 'selfexecutable': {
      const scope = await listScope(ctx, p);
      q = q.where(scopeCondition(scope, { account: 'template.account_id', domain: 'template.domain_id' }));
      if (filter === 'selfexecutable') q = q.where(ready);
      break;
    }
    case 'sharedexecutable':
      q = q
        .where('template.account_id', '!=', caller.accountId)
        .where(sql<SqlBool>`EXISTS (SELECT 1 FROM template_permission sp WHERE sp.template_id = template.id AND sp.account_id = ${caller.accountId})`)
        .where(ready);
      break;
    case 'executable':
      q = q.where(usableBy(caller)).where(ready);
      break;
    case 'community':
      q = q.where('template.is_public', '=', 1).where('template.is_featured', '=', 0);
      break;
    case 'all':
      q = q.where(usableBy(caller));
      if (p.account || p.domainid) {
        const scope = await listScope(ctx, p);
        q = q.where(scopeCondition(scope, { account: 'template.account_id', domain: 'template.domain_id' }));
      }
      break;
  }
  const ids = [...((p.ids as string[] | undefined) ?? []), ...(p.id ? [p.id as string] : [])];
  if (ids.length) q = q.where('template.id', 'in', ids);
  if (p.name) q = q.where('template.name', '=', p.name as string);
  if (p.keyword) q = q.where(containsText('template.name', p.keyword as string));
  if (p.zoneid) q = q.where('tz.zone_id', '=', p.zoneid as string);
  if (p.hypervisor) q = q.where(sql<SqlBool>`lower(template.hypervisor) = ${(p.hypervisor as string).toLowerCase()}`);
  if (p.isready !== undefined) q = q.where(p.isready ? ready : sql<SqlBool>`(tz.state IS NULL OR tz.state <> 'Ready')`);
  if (p.templatetype) q = q.where('template.template_type', '=', (p.templatetype as string).toUpperCase());
  if (p.arch) q = q.where('template.arch', '=', p.arch as string);
  if (p.tags) q = q.where(tagFilter(tagType(iso), 'template.id', p.tags));
  if (p.ispublic !== undefined) q = q.where('template.is_public', '=', p.ispublic ? 1 : 0);
  if (p.bootable !== undefined) q = q.where('template.bootable', '=', p.bootable ? 1 : 0);
  if (p.oscategoryid) {
    q = q.where(sql<SqlBool>`template.os_type_id IN (SELECT ot.id FROM os_type ot WHERE ot.category_id = ${p.oscategoryid as string})`);
  }
  const [{ count }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    q
      .selectAll('template')
      .select(['tz.zone_id', 'tz.store_id', 'tz.state as tz_state', 'tz.download_percent', 'tz.status', 'tz.size', 'tz.physical_size', 'tz.created as tz_created'])
      .orderBy('template.sort_key')
      .orderBy('template.name')
      .orderBy('template.id')
      .orderBy('tz.zone_id')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  const items = rows.map(({ zone_id, store_id, tz_state, download_percent, status, size, physical_size, tz_created, ...t }) => ({
    t,
    z:
      zone_id === null
        ? null
        : { template_id: t.id, zone_id, store_id, state: tz_state as string, download_percent: download_percent as number, status: status as string, size, physical_size, created: tz_created as string },
  }));
  return { count: Number(count), items };
}
