import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { usableBy, type TemplateRow } from './catalogue.ts';
import { ensureZone } from './zones.ts';

/**
 * The template (or ISO: format ISO) a caller deploys from in a zone: 431 when unknown or not usable by the caller,
 * and 431 when it is not downloaded in that zone yet.
 */
export async function findTemplateForDeploy(
  db: Kysely<Database>,
  id: string,
  zoneId: string,
  caller: Caller,
): Promise<TemplateRow & { ready: boolean; sizeBytes: number }> {
  const t = await db.selectFrom('template').selectAll().where('id', '=', id).where('removed', 'is', null).where(usableBy(caller)).executeTakeFirst();
  if (!t) throw errors.notFound('template', id);
  await ensureZone(db, zoneId);
  const z = await db.selectFrom('template_zone').selectAll().where('template_id', '=', id).where('zone_id', '=', zoneId).executeTakeFirst();
  if (!z || z.state !== 'Ready') {
    throw errors.paramError(`${t.format === 'ISO' ? 'ISO' : 'Template'} ${t.name} (${t.id}) is not ready in zone ${zoneId}${z ? `: ${z.status}` : ''}`, [t.id]);
  }
  return { ...t, ready: true, sizeBytes: z.size ?? 0 };
}

export interface TemplateSummary {
  name: string;
  displaytext: string;
  format: string;
  ostypeid: string;
  ostypename: string;
  passwordenabled: boolean;
  /** Its disks may be extracted by others than the root admin (CloudStack: extractable and not a SYSTEM template). */
  extractable: boolean;
}

/** Names and OS of templates, removed ones too (a VM keeps showing the template it came from). */
export async function templateSummary(db: Kysely<Database>, ids: string[]): Promise<Map<string, TemplateSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('template')
    .leftJoin('os_type', 'os_type.id', 'template.os_type_id')
    .select(['template.id', 'template.name', 'template.display_text', 'template.format', 'template.os_type_id', 'os_type.description', 'template.password_enabled', 'template.is_extractable', 'template.template_type'])
    .where('template.id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        name: r.name,
        displaytext: r.display_text,
        format: r.format,
        ostypeid: r.os_type_id,
        ostypename: r.description ?? '',
        passwordenabled: r.password_enabled === 1,
        extractable: r.is_extractable === 1 && r.template_type !== 'SYSTEM',
      },
    ]),
  );
}
