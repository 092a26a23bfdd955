import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access, accountTypeOf, type RoleType } from '../../kernel/roles.ts';
import {
  assertAccountNameFree,
  assertRoleFitsDomain,
  assertRoleWithinReach,
  assertUsernameFree,
  checkTimezone,
  newUserRow,
  resolveRole,
} from '../accounts.ts';
import { assertDomainActive, checkNetworkDomain } from '../domains.ts';
import { loadAccountResponses } from '../responses.ts';
import { assertDomainAccess, findDomain } from '../scope.ts';

export const createAccount = defineCommand({
  name: 'createAccount',
  description: 'Creates an account and its first user',
  access: access.domainAdmins,
  event: 'ACCOUNT.CREATE',
  params: {
    username: { type: 'string', required: true, description: 'Unique username (in the domain) of the first user' },
    password: { type: 'string', required: true, description: 'Clear-text password of the first user' },
    email: { type: 'string', required: true, description: 'Email of the first user' },
    firstname: { type: 'string', required: true, description: 'First name of the first user' },
    lastname: { type: 'string', required: true, description: 'Last name of the first user' },
    account: { type: 'string', description: 'Name of the account; the username when omitted' },
    accounttype: { type: 'integer', description: 'Type of the account when no roleid is given: 0 User, 1 Admin, 2 DomainAdmin' },
    roleid: { type: 'uuid', entity: 'Role', description: 'Role of the account; wins over accounttype' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Domain of the account; the caller\'s when omitted' },
    networkdomain: { type: 'string', description: 'Network domain for the account\'s networks' },
    timezone: { type: 'string', description: 'Timezone of the first user (IANA name)' },
    accountid: { type: 'uuid', description: 'The id to give the account (for provisioning systems)' },
    userid: { type: 'uuid', description: 'The id to give the first user (for provisioning systems)' },
  },
  response: { type: 'object', name: 'account' },
  async handler(ctx, p) {
    const domain = await findDomain(ctx, (p.domainid as string | undefined) ?? ctx.caller.domainId);
    assertDomainAccess(ctx.caller, domain);
    assertDomainActive(domain);
    const role = await resolveRole(ctx, 'createAccount', { roleid: p.roleid as string | undefined, accounttype: p.accounttype as number | undefined });
    assertRoleWithinReach(ctx.caller, role.type, 'create');
    assertRoleFitsDomain(role, domain);
    checkNetworkDomain('createAccount', p.networkdomain as string | undefined);
    checkTimezone('createAccount', p.timezone as string | undefined);
    const name = ((p.account as string | undefined) ?? (p.username as string)).trim();
    if (name === '') throw errors.invalidParam('createAccount', 'account', p.account as string, 'an account name cannot be blank');
    const accountId = (p.accountid as string | undefined) ?? crypto.randomUUID();
    const user = await newUserRow({
      id: p.userid as string | undefined,
      accountId,
      username: p.username as string,
      password: p.password as string,
      email: p.email as string,
      firstname: p.firstname as string,
      lastname: p.lastname as string,
      timezone: p.timezone as string | undefined,
    });
    const account = {
      id: accountId,
      name,
      domain_id: domain.id,
      type: accountTypeOf(role.type as RoleType),
      role_id: role.id,
      state: 'enabled',
      network_domain: (p.networkdomain as string | undefined) ?? null,
      is_default: 0,
      created: user.created,
    };
    await ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('account').select('id').where('id', '=', accountId).executeTakeFirst()) {
        throw errors.paramError(`An account with id ${accountId} already exists`);
      }
      if (await trx.selectFrom('user').select('id').where('id', '=', user.id).executeTakeFirst()) {
        throw errors.paramError(`A user with id ${user.id} already exists`);
      }
      await assertAccountNameFree(trx, domain.id, name);
      await assertUsernameFree(trx, domain.id, user.username);
      await trx.insertInto('account').values(account).execute();
      await trx.insertInto('user').values(user).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'Account', resourceId: accountId, description: `created account ${name} in domain ${domain.name}` };
    const [response] = await loadAccountResponses(ctx.db, [account]);
    return object(response);
  },
});
