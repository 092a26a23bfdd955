import { sql, type SqlBool } from 'kysely';
import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { isAdmin } from '../../identity/scope.ts';
import { limitedToDomain, offeredInZone, visibleTo } from '../scope.ts';
import { loadServiceOfferingResponses } from '../service-offering.ts';
import { oneOf } from '../validate.ts';

export const listServiceOfferings = defineCommand({
  name: 'listServiceOfferings',
  description: 'Lists the service offerings the caller may use (admins: also those of the domains they manage)',
  access: access.all,
  params: {
    ...listParams,
    id: { type: 'uuid', description: 'ID of the service offering' },
    name: { type: 'string', description: 'Name of the service offering' },
    domainid: { type: 'uuid', description: 'Offerings limited to this domain' },
    zoneid: { type: 'uuid', description: 'Offerings available in this zone' },
    issystem: { type: 'boolean', description: 'System VM offerings (admins only); default false' },
    systemvmtype: { type: 'string', description: 'The system VM type of system offerings' },
    storagetype: { type: 'string', description: 'local or shared' },
    cpunumber: { type: 'integer', description: 'Offerings that give this many CPUs (fixed, or customised within bounds)' },
    cpuspeed: { type: 'integer', description: 'Offerings that give this CPU speed in MHz' },
    memory: { type: 'integer', description: 'Offerings that give this much memory in MB' },
    state: { type: 'string', description: 'Active (default), Inactive or all' },
  },
  response: { type: 'list', listKey: 'serviceoffering' },
  async handler(ctx, p) {
    const { limit, offset } = await paging(ctx, p);
    if (p.issystem && !isAdmin(ctx.caller)) throw errors.permissionDenied('Only admins list system offerings');
    const state = oneOf('state', p.state, ['Active', 'Inactive', 'all']) ?? 'Active';
    let q = ctx.db
      .selectFrom('service_offering')
      .where('removed', 'is', null)
      .where('is_system', '=', p.issystem ? 1 : 0)
      .where(visibleTo(ctx.caller, 'service_offering.id'));
    if (state !== 'all') q = q.where('state', '=', state);
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.keyword) q = q.where(containsText('service_offering.name', p.keyword as string));
    if (p.domainid) q = q.where(limitedToDomain(p.domainid as string, 'service_offering.id'));
    if (p.zoneid) q = q.where(offeredInZone(p.zoneid as string, 'service_offering.id'));
    if (p.systemvmtype) q = q.where('system_vm_type', '=', p.systemvmtype as string);
    if (p.storagetype) q = q.where('storage_type', '=', (p.storagetype as string).toLowerCase());
    for (const [param, fixed, min, max] of [
      ['cpunumber', 'cpu_number', 'min_cpu_number', 'max_cpu_number'],
      ['cpuspeed', 'cpu_speed', 'cpu_speed', 'cpu_speed'],
      ['memory', 'memory', 'min_memory', 'max_memory'],
    ] as const) {
      const v = p[param] as number | undefined;
      if (v === undefined) continue;
      q = q.where(
        sql<SqlBool>`(${sql.ref(fixed)} = ${v} OR (customized = 1 AND ${sql.ref(fixed)} IS NULL
          AND (${sql.ref(min)} IS NULL OR ${sql.ref(min)} <= ${v}) AND (${sql.ref(max)} IS NULL OR ${sql.ref(max)} >= ${v})))`,
      );
    }
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('sort_key').orderBy('created').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await loadServiceOfferingResponses(ctx.db, rows));
  },
});
