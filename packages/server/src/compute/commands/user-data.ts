import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/schema.ts';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success, type ResponseObject } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { displayPath } from '../../identity/responses.ts';
import { assertAccess, listScope, scopeCondition } from '../../identity/scope.ts';
import { resolveOwner } from '../../identity/index.ts';
import { ownerNames } from '../owner.ts';
import { checkUserData } from '../userdata.ts';

type UserData = Database['user_data'];

/** `domainpath` is a list field only (api.json): registerUserData's answer has none. */
async function userDataResponses(db: Kysely<Database>, rows: UserData[], withPath: boolean): Promise<ResponseObject[]> {
  const names = await ownerNames({ db }, rows.map((r) => r.account_id));
  return rows.map((r) => {
    const o = names.get(r.account_id);
    return {
      id: r.id,
      name: r.name,
      userdata: r.user_data,
      params: r.params,
      accountid: r.account_id,
      account: o?.account,
      domainid: r.domain_id,
      domain: o?.domain,
      domainpath: o && withPath ? displayPath(o.domainPath) : undefined,
      hasannotations: false,
    };
  });
}

const ownerParams = {
  account: { type: 'string', description: 'The owner account; needs domainid unless it is in the caller\'s domain' },
  domainid: { type: 'uuid', entity: 'Domain', description: 'The domain of the owner account' },
  projectid: { type: 'uuid', description: 'Projects are not supported yet' },
} as const;

export const registerUserData = defineCommand({
  name: 'registerUserData',
  description: 'Registers named user data (base64) that VMs can be deployed with',
  access: access.all,
  event: 'REGISTER.USER.DATA',
  params: {
    name: { type: 'string', required: true, description: 'Name of the user data' },
    userdata: { type: 'string', required: true, length: 1048576, description: 'Base64 user data, at most 32 KB' },
    params: { type: 'string', description: 'Comma-separated names of the variables the user data uses' },
    ...ownerParams,
  },
  response: { type: 'object', name: 'userdata' },
  async handler(ctx, p) {
    const owner = await resolveOwner(ctx, p);
    const name = (p.name as string).trim();
    if (!name) throw errors.paramError('User data name must not be blank');
    const data = checkUserData(p.userdata as string);
    const clash = await ctx.db.selectFrom('user_data').select('id').where('account_id', '=', owner.accountId).where('name', '=', name).executeTakeFirst();
    if (clash) throw errors.paramError(`User data with name '${name}' already exists for account ${owner.accountName}`);
    const params = p.params ? (p.params as string).split(',').map((s) => s.trim()).filter(Boolean).join(',') : null;
    const row: UserData = { id: randomUUID(), name, account_id: owner.accountId, domain_id: owner.domainId, user_data: data, params, created: new Date().toISOString() };
    await ctx.db.insertInto('user_data').values(row).execute();
    ctx.event = { ...ctx.event, resourceType: 'UserData', resourceId: row.id, description: `registered user data ${name}` };
    const [response] = await userDataResponses(ctx.db, [row], false);
    return object(response);
  },
});

export const listUserData = defineCommand({
  name: 'listUserData',
  description: 'Lists registered user data in the caller\'s reach',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'The user data with this id' },
    name: { type: 'string', description: 'User data with this name' },
    projectid: ownerParams.projectid,
  },
  response: { type: 'list', listKey: 'userdata' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('user_data').where(scopeCondition(scope, { account: 'user_data.account_id', domain: 'user_data.domain_id' }));
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.keyword) q = q.where(containsText('user_data.name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await userDataResponses(ctx.db, rows, true));
  },
});

/** Finds registered user data the caller may use, by id (431 when missing or out of reach). */
export async function findUserData(db: Kysely<Database>, caller: Parameters<typeof assertAccess>[0], id: string): Promise<UserData> {
  const row = await db.selectFrom('user_data').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('user data', id);
  const domain = await db.selectFrom('domain').select('path').where('id', '=', row.domain_id).executeTakeFirstOrThrow();
  assertAccess(caller, { accountId: row.account_id, domainPath: domain.path }, 'user data');
  return row;
}

export const deleteUserData = defineCommand({
  name: 'deleteUserData',
  description: 'Deletes registered user data that no VM uses',
  access: access.all,
  event: 'DELETE.USER.DATA',
  params: { id: { type: 'uuid', entity: 'UserData', required: true, description: 'The user data id' }, ...ownerParams },
  response: { type: 'success' },
  async handler(ctx, p) {
    const row = await findUserData(ctx.db, ctx.caller, p.id as string);
    const users = await ctx.db.selectFrom('vm_instance').select('id').where('user_data_id', '=', row.id).where('state', 'not in', ['Expunging']).execute();
    if (users.length > 0) throw errors.inUse(`User data ${row.name} is used by ${users.length} VM(s); it cannot be deleted`, users.map((u) => u.id));
    await ctx.db.deleteFrom('user_data').where('id', '=', row.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'UserData', resourceId: row.id, description: `deleted user data ${row.name}` };
    return success();
  },
});

export const userDataCommands = [registerUserData, listUserData, deleteUserData];
