import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { registerResourceCounter } from '../identity/index.ts';
import { registerEntityTables } from '../kernel/entities.ts';
import { registerTaggable, type TagOwner } from '../operations/index.ts';

/** CloudStack's tag resource types of templates and ISOs. */
export const tagType = (iso: boolean) => (iso ? 'ISO' : 'Template');

async function ownerOf(db: Kysely<Database>, id: string, iso: boolean): Promise<TagOwner | undefined> {
  const t = await db
    .selectFrom('template')
    .innerJoin('domain', 'domain.id', 'template.domain_id')
    .select(['template.account_id', 'template.domain_id', 'template.format', 'domain.path'])
    .where('template.id', '=', id)
    .where('template.removed', 'is', null)
    .executeTakeFirst();
  if (!t || (t.format === 'ISO') !== iso) return undefined;
  return { accountId: t.account_id, domainId: t.domain_id, domainPath: t.path };
}

/** Makes templates and ISOs taggable, and tells identity how to recount an account's templates (ISOs count too, as in CloudStack). */
export function registerImages(): void {
  // ISOs are rows of the template table too.
  registerEntityTables({ Template: 'template', OsType: 'os_type', OsCategory: 'os_category' });
  registerTaggable('Template', (db, id) => ownerOf(db, id, false));
  registerTaggable('ISO', (db, id) => ownerOf(db, id, true));
  registerResourceCounter('template', async (db, accountId) => {
    const r = await db
      .selectFrom('template')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('removed', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  });
}
