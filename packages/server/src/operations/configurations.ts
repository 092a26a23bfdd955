import type { CommandContext, ParamDecl, Params, ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { accountChain, type ScopeRef, type SettingDecl, type SettingScope } from '../kernel/settings-store.ts';
import { assertAccess, assertDomainAccess, findDomain, isAdmin, isRootAdmin } from '../identity/scope.ts';

/** The parameters that name the scope of a setting value, each with the scope it names. */
const scopeOfParam: Record<string, SettingScope> = {
  zoneid: 'zone',
  clusterid: 'cluster',
  storageid: 'storagepool',
  imagestoreuuid: 'imagestore',
  imagestoreid: 'imagestore',
  domainid: 'domain',
  accountid: 'account',
};

/** `listConfigurations` and `updateConfiguration` call the image store parameter `imagestoreuuid`; `resetConfiguration` `imagestoreid`. */
export function settingScopeParams(imageStoreParam: 'imagestoreuuid' | 'imagestoreid'): Record<string, ParamDecl> {
  return {
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The ID of the zone the value applies to' },
    clusterid: { type: 'uuid', entity: 'Cluster', description: 'The ID of the cluster the value applies to' },
    storageid: { type: 'uuid', entity: 'StoragePool', description: 'The ID of the primary storage pool the value applies to' },
    [imageStoreParam]: { type: 'uuid', entity: 'ImageStore', description: 'The ID of the image store the value applies to' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'The ID of the domain the value applies to' },
    accountid: { type: 'uuid', entity: 'Account', description: 'The ID of the account the value applies to' },
  };
}

export interface SettingTarget {
  scope: SettingScope;
  /** The zone, cluster, pool, store, domain or account id; empty for global. */
  id: string;
  /** Where the value in force at this scope is looked up, most specific first. */
  chain: ScopeRef[];
}

/**
 * The scope a configuration call addresses (at most one scope parameter; none means global), after checking that
 * the caller may touch it: the root admin anything, a domain admin the domains and accounts of its subtree. Zones,
 * clusters, pools and image stores are not checked for existence yet (their tables come with the infrastructure
 * domain): any UUID is accepted.
 */
export async function settingTarget(ctx: CommandContext, command: string, p: Params): Promise<SettingTarget> {
  const given = Object.keys(scopeOfParam).filter((name) => p[name] !== undefined);
  if (given.length > 1) {
    throw errors.paramError(`Unable to execute API command ${command.toLowerCase()}: only one of ${given.join(', ')} may be given`);
  }
  const param = given[0];
  const refuse = (what: string) => errors.permissionDenied(`Account ${ctx.caller.accountName} may not manage configuration values ${what}`);
  // Even a role that grants these commands to a user must not let it change the rules its own account runs under.
  if (!isAdmin(ctx.caller)) throw refuse('of any scope');
  if (param === 'domainid') {
    const domain = await findDomain(ctx, p.domainid as string);
    assertDomainAccess(ctx.caller, domain);
    return { scope: 'domain', id: domain.id, chain: [{ scope: 'domain', id: domain.id }] };
  }
  if (param === 'accountid') {
    const id = p.accountid as string;
    const account = await ctx.db
      .selectFrom('account')
      .innerJoin('domain', 'domain.id', 'account.domain_id')
      .select(['account.id', 'account.domain_id', 'domain.path'])
      .where('account.id', '=', id)
      .executeTakeFirst();
    if (!account) throw errors.notFound('account', id);
    assertAccess(ctx.caller, { accountId: account.id, domainPath: account.path }, 'account');
    return { scope: 'account', id, chain: accountChain(id, account.domain_id) };
  }
  const scope = param ? scopeOfParam[param] : 'global';
  if (!isRootAdmin(ctx.caller)) throw refuse(`at ${scope} scope: only root admins may`);
  return param ? { scope, id: p[param] as string, chain: [{ scope, id: p[param] as string }] } : { scope: 'global', id: '', chain: [] };
}

/** Whether a setting may hold a value at the target's scope. */
export function settingAllows(decl: SettingDecl, target: SettingTarget): boolean {
  return target.scope === 'global' || decl.scopes.includes(target.scope);
}

/** CloudStack's names for the kinds of values, as its UI picks an input for them. */
const valueTypes: Record<SettingDecl['type'], string> = { Boolean: 'Boolean', Integer: 'Number', Long: 'Number', Float: 'Decimal', String: 'String' };

/** A setting with the value in force at the target scope. */
export async function configurationResponse(ctx: CommandContext, decl: SettingDecl, target: SettingTarget): Promise<ResponseObject> {
  return {
    name: decl.name,
    value: await ctx.settings.get(decl.name, target.chain),
    defaultvalue: decl.defaultValue,
    category: decl.category,
    description: decl.description,
    type: valueTypes[decl.type],
    options: decl.options?.join(','),
    scope: target.scope,
    isdynamic: decl.isDynamic,
    component: 'management-server',
  };
}
