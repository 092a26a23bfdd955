import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { errors } from '../../kernel/errors.ts';
import { AccountType } from '../../kernel/roles.ts';
import type { Settings } from '../../kernel/settings-store.ts';
import { ROOT_DOMAIN_ID } from '../bootstrap.ts';
import { accountLimitSetting, domainLimitSetting, type ResourceTypeInfo } from './types.ts';

type Domain = Database['domain'];
type Account = Database['account'];

/** An account or a domain: what limits and counts belong to. */
export interface Owner {
  type: 'account' | 'domain';
  id: string;
}

/** An account with its domain and the domain's ancestors, deepest first (the account's own domain first, ROOT last). */
export interface OwnerChain {
  account: Account;
  domains: Domain[];
}

/** `/a/b/` -> `/`, `/a/`, `/a/b/` (domain names hold no `/`). */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter((s) => s !== '');
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`)];
}

/** A domain and its ancestors, deepest first. */
export async function domainChain(db: Kysely<Database>, path: string): Promise<Domain[]> {
  const rows = await db.selectFrom('domain').selectAll().where('path', 'in', ancestorPaths(path)).execute();
  return rows.sort((a, b) => b.level - a.level);
}

export async function ownerChain(db: Kysely<Database>, accountId: string): Promise<OwnerChain> {
  const account = await db.selectFrom('account').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!account) throw errors.notFound('account', accountId);
  const domain = await db.selectFrom('domain').select('path').where('id', '=', account.domain_id).executeTakeFirstOrThrow();
  return { account, domains: await domainChain(db, domain.path) };
}

/**
 * The limits in force, as CloudStack's `findCorrectResourceLimitFor...` finds them: root admin accounts and the ROOT
 * domain are unlimited; otherwise an account's own limit, or `max.account.*`; a domain's own limit, or its nearest
 * ancestor's below ROOT, or `max.domain.*`.
 */
export class Limits {
  private readonly explicit: Map<string, number>;
  private readonly settings: Settings;

  private constructor(explicit: Map<string, number>, settings: Settings) {
    this.explicit = explicit;
    this.settings = settings;
  }

  /** Loads the limits set on these owners (for a domain, its ancestors must be among them). */
  static async load(db: Kysely<Database>, settings: Settings, owners: Owner[]): Promise<Limits> {
    const explicit = new Map<string, number>();
    const ids = owners.map((o) => o.id);
    if (ids.length > 0) {
      const rows = await db.selectFrom('resource_limit').selectAll().where('owner_id', 'in', ids).execute();
      for (const r of rows) explicit.set(key(r.owner_type, r.owner_id, r.resource_type), Number(r.max));
    }
    return new Limits(explicit, settings);
  }

  own(owner: Owner, type: ResourceTypeInfo): number | undefined {
    return this.explicit.get(key(owner.type, owner.id, type.id));
  }

  async ofAccount(account: Account, type: ResourceTypeInfo): Promise<number> {
    if (account.type === AccountType.Admin) return -1;
    return this.own({ type: 'account', id: account.id }, type) ?? (await this.settings.int(accountLimitSetting(type)));
  }

  /** `chain` is the domain and its ancestors, deepest first. */
  async ofDomain(chain: Domain[], type: ResourceTypeInfo): Promise<number> {
    if (chain[0].id === ROOT_DOMAIN_ID) return -1;
    for (const d of chain) {
      if (d.id === ROOT_DOMAIN_ID) break;
      const max = this.own({ type: 'domain', id: d.id }, type);
      if (max !== undefined) return max;
    }
    return this.settings.int(domainLimitSetting(type));
  }
}

function key(ownerType: string, ownerId: string, resourceType: number): string {
  return `${ownerType}:${ownerId}:${resourceType}`;
}
