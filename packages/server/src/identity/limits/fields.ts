import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ResponseObject } from '../../kernel/command.ts';
import { Settings } from '../../kernel/settings-store.ts';
import { ancestorPaths, Limits } from './owners.ts';
import { limitSettings, resourceTypes, type ResourceType, type ResourceTypeInfo } from './types.ts';

type Account = Database['account'];
type Domain = Database['domain'];

/** How listAccounts and listDomains name each type in their `<x>limit`, `<x>total`, `<x>available` fields. */
const fieldPrefix: Record<ResourceType, string> = {
  user_vm: 'vm',
  public_ip: 'ip',
  volume: 'volume',
  snapshot: 'snapshot',
  template: 'template',
  project: 'project',
  network: 'network',
  vpc: 'vpc',
  cpu: 'cpu',
  memory: 'memory',
  primary_storage: 'primarystorage',
  secondary_storage: 'secondarystorage',
};

const GiB = 1024 ** 3;

/** CloudStack's form: limits and availability as text (`Unlimited` for -1), totals as numbers, storage in GiB. */
function fields(type: ResourceTypeInfo, max: number, count: number): ResponseObject {
  const total = type.name === 'primary_storage' || type.name === 'secondary_storage' ? Math.floor(count / GiB) : count;
  const p = fieldPrefix[type.name];
  return {
    [`${p}limit`]: max === -1 ? 'Unlimited' : String(max),
    [`${p}total`]: total,
    [`${p}available`]: max === -1 ? 'Unlimited' : String(max - total),
  };
}

async function countsByOwner(db: Kysely<Database>, ownerType: 'account' | 'domain', ids: string[]): Promise<Map<string, number>> {
  const rows = await db.selectFrom('resource_count').selectAll().where('owner_type', '=', ownerType).where('owner_id', 'in', ids).execute();
  return new Map(rows.map((r) => [`${r.owner_id}:${r.resource_type}`, Number(r.count)]));
}

/** The limit, total and available fields of each account, by account id. */
export async function accountResourceFields(db: Kysely<Database>, accounts: Account[]): Promise<Map<string, ResponseObject>> {
  const out = new Map<string, ResponseObject>();
  if (accounts.length === 0) return out;
  const ids = accounts.map((a) => a.id);
  const [limits, counts] = await Promise.all([
    Limits.load(db, new Settings(db, limitSettings), ids.map((id) => ({ type: 'account' as const, id }))),
    countsByOwner(db, 'account', ids),
  ]);
  for (const a of accounts) {
    const item: ResponseObject = {};
    for (const t of resourceTypes) Object.assign(item, fields(t, await limits.ofAccount(a, t), counts.get(`${a.id}:${t.id}`) ?? 0));
    out.set(a.id, item);
  }
  return out;
}

/** The limit, total (the sum over the subtree) and available fields of each domain, by domain id. */
export async function domainResourceFields(db: Kysely<Database>, domains: Domain[]): Promise<Map<string, ResponseObject>> {
  const out = new Map<string, ResponseObject>();
  if (domains.length === 0) return out;
  const paths = [...new Set(domains.flatMap((d) => ancestorPaths(d.path)))];
  const ancestors = await db.selectFrom('domain').selectAll().where('path', 'in', paths).execute();
  const [limits, counts] = await Promise.all([
    Limits.load(db, new Settings(db, limitSettings), ancestors.map((d) => ({ type: 'domain' as const, id: d.id }))),
    countsByOwner(db, 'domain', domains.map((d) => d.id)),
  ]);
  for (const d of domains) {
    const chain = ancestors.filter((x) => d.path.startsWith(x.path)).sort((a, b) => b.level - a.level);
    const item: ResponseObject = {};
    for (const t of resourceTypes) Object.assign(item, fields(t, await limits.ofDomain(chain, t), counts.get(`${d.id}:${t.id}`) ?? 0));
    out.set(d.id, item);
  }
  return out;
}
