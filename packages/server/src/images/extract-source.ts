import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { isRootAdmin } from '../identity/scope.ts';
import { assertOwnerAccess, getTemplate, kindName, type TemplateRow } from './catalogue.ts';

/**
 * The template or ISO a caller may extract, with CloudStack's rules (TemplateManagerImpl.extract): not a SYSTEM one,
 * extractable unless the caller is the root admin, the caller owns it (or manages its owner's domain), and it is Ready
 * in the zone asked (else the first zone where it is). Answers the zone and the size recorded there.
 */
export async function findTemplateForExtract(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  iso: boolean,
  zoneId: string | undefined,
): Promise<{ template: TemplateRow; zoneId: string; sizeBytes: number }> {
  const t = await getTemplate(db, id, iso);
  const what = kindName(iso);
  if (t.template_type === 'SYSTEM') throw errors.paramError(`Unable to extract the ${what} ${t.name} as it is a default System template`, [t.id]);
  if (!isRootAdmin(caller) && t.is_extractable !== 1) throw errors.paramError(`Unable to extract ${what} id=${t.id} as it's not extractable`, [t.id]);
  await assertOwnerAccess(db, caller, t);
  let q = db.selectFrom('template_zone').select(['zone_id', 'size']).where('template_id', '=', t.id).where('state', '=', 'Ready');
  if (zoneId) q = q.where('zone_id', '=', zoneId);
  const z = await q.orderBy('created').executeTakeFirst();
  if (!z) throw errors.paramError(`Unable to extract ${what} id=${t.id} as it's not available${zoneId ? ` in zone ${zoneId}` : ' in any zone'} (it is not downloaded and Ready there)`, [t.id]);
  return { template: t, zoneId: z.zone_id, sizeBytes: z.size ?? 0 };
}
