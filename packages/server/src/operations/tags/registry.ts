import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { errors } from '../../kernel/errors.ts';

/** Who owns a taggable resource: its tags belong to the same account and domain. */
export interface TagOwner {
  accountId: string;
  domainId: string;
  /** The domain's path (`/a/b/`), for access checks. */
  domainPath: string;
}

/** Finds a resource of one type by id; undefined when there is none. */
export type TaggableResolver = (db: Kysely<Database>, id: string) => Promise<TagOwner | undefined>;

const taggables = new Map<string, { type: string; resolve: TaggableResolver }>();

/**
 * Called by the domain owning a resource type, under CloudStack's resource object type name (`UserVm`, `Volume`,
 * `Snapshot`, `Template`, `ISO`, `Network`, `PublicIpAddress`...), to make it taggable.
 */
export function registerTaggable(type: string, resolver: TaggableResolver): void {
  taggables.set(type.toLowerCase(), { type, resolve: resolver });
}

/** The registered type named by `resourcetype`, matched ignoring case as CloudStack does; 431 when unknown. */
export function taggable(resourcetype: string): { type: string; resolve: TaggableResolver } {
  const t = taggables.get(resourcetype.toLowerCase());
  if (!t) {
    const known = [...taggables.values()].map((x) => x.type).sort().join(', ');
    throw errors.paramError(`Invalid resource type ${resourcetype}: taggable resource types are ${known || 'none yet'}`);
  }
  return t;
}

/** The registered spelling of a type, or the name as given when nothing is registered under it. */
export function canonicalType(resourcetype: string): string {
  return taggables.get(resourcetype.toLowerCase())?.type ?? resourcetype;
}
