import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ROOT_DOMAIN_ID, SYSTEM_ACCOUNT_ID } from '../identity/bootstrap.ts';
import { knownZones, placeInZones, type TemplateRow } from './catalogue.ts';
import { osCategories, osTypes, SIMULATOR_TEMPLATE_OS } from './os-seed.ts';

const SIMULATOR_TEMPLATE_ID = '00000000-0000-4000-8000-00000000f001';

const created = '2026-01-01T00:00:00.000Z';

/** CloudStack's simulator template (its `vm_template` row 10): featured, public, ready wherever an image store is. */
function simulatorTemplate(osTypeId: string): TemplateRow {
  return {
    id: SIMULATOR_TEMPLATE_ID,
    name: 'CentOS 5.6(64-bit) no GUI (Simulator)',
    display_text: 'CentOS 5.6(64-bit) no GUI (Simulator)',
    format: 'VHD',
    hypervisor: 'Simulator',
    url: 'http://nfs1.lab.vmops.com/templates/centos53-x86_64/latest/f59f18fb-ae94-4f97-afd2-f84755767aca.vhd.bz2',
    checksum: 'fb1b6e032a160d86f2c28feb5add6d83',
    os_type_id: osTypeId,
    account_id: SYSTEM_ACCOUNT_ID,
    domain_id: ROOT_DOMAIN_ID,
    template_type: 'BUILTIN',
    is_public: 1,
    is_featured: 1,
    is_extractable: 0,
    password_enabled: 0,
    sshkey_enabled: 0,
    is_dynamically_scalable: 0,
    requires_hvm: 0,
    bootable: 1,
    bits: 64,
    arch: 'x86_64',
    template_tag: null,
    cross_zones: 1,
    direct_download: 0,
    sort_key: 0,
    created,
    removed: null,
  };
}

/** Seeds OS categories and types and the simulator template; idempotent, and the same rows on every server. */
export async function bootstrapImages(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [i, c] of osCategories.entries()) {
      await trx
        .insertInto('os_category')
        .values({ id: c.id, name: c.name, is_featured: 0, sort_key: i + 1, created })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    for (const t of osTypes) {
      await trx
        .insertInto('os_type')
        .values({ id: t.id, category_id: t.categoryId, description: t.description, is_user_defined: 0, for_display: 1 })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    const template = simulatorTemplate(osTypes.find((t) => t.description === SIMULATOR_TEMPLATE_OS)?.id as string);
    await trx.insertInto('template').values(template).onConflict((oc) => oc.column('id').doNothing()).execute();
    await placeInZones(trx, template, await knownZones(trx));
  });
}
