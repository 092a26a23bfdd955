import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from './errors.ts';

export type SettingScope = 'global' | 'zone' | 'cluster' | 'storagepool' | 'imagestore' | 'domain' | 'account';
export type SettingType = 'Boolean' | 'Integer' | 'Long' | 'Float' | 'String';

/** One typed global setting, declared by the domain that reads it. */
export interface SettingDecl {
  name: string;
  category: string;
  description: string;
  type: SettingType;
  defaultValue: string;
  /** Scopes at which a value may be set, besides global. */
  scopes: readonly SettingScope[];
  /** Whether a change takes effect without a restart. */
  isDynamic: boolean;
  min?: number;
  max?: number;
  options?: readonly string[];
}

export interface ScopeRef {
  scope: SettingScope;
  id: string;
}

/** Where a value read for an account comes from: the account's own, then its domain's, then global. */
export function accountChain(accountId: string, domainId: string): ScopeRef[] {
  return [
    { scope: 'account', id: accountId },
    { scope: 'domain', id: domainId },
  ];
}

/** How long a read value may be served from memory; another server's change shows up within this time. */
const CACHE_MS = 5000;

/**
 * Typed access to settings: a value set at the most specific scope given wins, then global, then the default.
 * Domain and account lookups pass their scope chain (account, then its domain).
 */
export class Settings {
  readonly decls: ReadonlyMap<string, SettingDecl>;
  private readonly db: Kysely<Database>;
  private cache = new Map<string, { value: string | undefined; at: number }>();

  constructor(db: Kysely<Database>, decls: readonly SettingDecl[]) {
    this.db = db;
    this.decls = new Map(decls.map((d) => [d.name, d]));
  }

  decl(name: string): SettingDecl {
    const d = this.decls.get(name);
    if (!d) throw errors.paramError(`Configuration ${name} does not exist`);
    return d;
  }

  /** The value in force for `name`, looking at each scope in `chain` first. */
  async get(name: string, chain: readonly ScopeRef[] = []): Promise<string> {
    const decl = this.decl(name);
    for (const ref of chain) {
      if (!decl.scopes.includes(ref.scope)) continue;
      const v = await this.stored(name, ref.scope, ref.id);
      if (v !== undefined) return v;
    }
    return (await this.stored(name, 'global', '')) ?? decl.defaultValue;
  }

  async int(name: string, chain: readonly ScopeRef[] = []): Promise<number> {
    return Number(await this.get(name, chain));
  }

  /** A Float setting's value. */
  async number(name: string, chain: readonly ScopeRef[] = []): Promise<number> {
    return Number(await this.get(name, chain));
  }

  async bool(name: string, chain: readonly ScopeRef[] = []): Promise<boolean> {
    return (await this.get(name, chain)).toLowerCase() === 'true';
  }

  /** The value stored at exactly this scope, if any. */
  async stored(name: string, scope: SettingScope, scopeId: string): Promise<string | undefined> {
    const key = `${name}\u0000${scope}\u0000${scopeId}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const row = await this.db
      .selectFrom('configuration_value')
      .select('value')
      .where('name', '=', name)
      .where('scope', '=', scope)
      .where('scope_id', '=', scopeId)
      .executeTakeFirst();
    this.cache.set(key, { value: row?.value, at: Date.now() });
    return row?.value;
  }

  /** Checks a value against the setting's type and bounds; a bad value is a 431. */
  validate(decl: SettingDecl, value: string): string {
    const bad = (why: string) => errors.paramError(`Invalid value '${value}' for configuration ${decl.name}: ${why}`);
    switch (decl.type) {
      case 'Boolean':
        if (!/^(true|false)$/i.test(value)) throw bad('expected true or false');
        return value.toLowerCase();
      case 'Integer':
      case 'Long':
      case 'Float': {
        const pattern = decl.type === 'Float' ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
        if (!pattern.test(value)) throw bad(`expected a${decl.type === 'Integer' ? 'n' : ''} ${decl.type.toLowerCase()}`);
        const n = Number(value);
        if (decl.min !== undefined && n < decl.min) throw bad(`must be at least ${decl.min}`);
        if (decl.max !== undefined && n > decl.max) throw bad(`must be at most ${decl.max}`);
        return value;
      }
      case 'String':
        if (decl.options && !decl.options.includes(value)) throw bad(`expected one of ${decl.options.join(', ')}`);
        return value;
    }
  }

  private checkScope(name: string, scope: SettingScope): SettingDecl {
    const decl = this.decl(name);
    if (scope !== 'global' && !decl.scopes.includes(scope)) {
      throw errors.paramError(`Configuration ${name} cannot be set at ${scope} scope`);
    }
    return decl;
  }

  async set(name: string, scope: SettingScope, scopeId: string, value: string): Promise<void> {
    const decl = this.checkScope(name, scope);
    const clean = this.validate(decl, value);
    const updated = new Date().toISOString();
    await this.db
      .insertInto('configuration_value')
      .values({ name, scope, scope_id: scopeId, value: clean, updated })
      .onConflict((oc) => oc.columns(['name', 'scope', 'scope_id']).doUpdateSet({ value: clean, updated }))
      .execute();
    this.cache.delete(`${name}\u0000${scope}\u0000${scopeId}`);
  }

  async reset(name: string, scope: SettingScope, scopeId: string): Promise<void> {
    this.checkScope(name, scope);
    await this.db
      .deleteFrom('configuration_value')
      .where('name', '=', name)
      .where('scope', '=', scope)
      .where('scope_id', '=', scopeId)
      .execute();
    this.cache.delete(`${name}\u0000${scope}\u0000${scopeId}`);
  }
}

/** Settings the kernel itself reads. */
export const kernelSettings: SettingDecl[] = [
  {
    name: 'default.page.size',
    category: 'Advanced',
    description: 'Default page size for list commands, and the largest page a caller may ask for',
    type: 'Integer',
    defaultValue: '500',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'session.timeout',
    category: 'Advanced',
    description: 'Seconds of inactivity after which a login session ends',
    type: 'Integer',
    defaultValue: '1800',
    scopes: [],
    isDynamic: true,
    min: 60,
  },
  {
    name: 'job.expire.minutes',
    category: 'Advanced',
    description: 'Minutes after which a finished async job is removed',
    type: 'Integer',
    defaultValue: '1440',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'job.heartbeat.timeout.seconds',
    category: 'Advanced',
    description:
      'Seconds after which a pending job whose management server stopped sending heartbeats is failed by another server',
    type: 'Integer',
    defaultValue: '120',
    scopes: [],
    isDynamic: true,
    min: 10,
  },
];
