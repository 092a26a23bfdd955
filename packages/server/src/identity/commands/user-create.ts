import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertUsernameFree, checkTimezone, findAccountForAction, newUserRow } from '../accounts.ts';
import { assertDomainActive } from '../domains.ts';
import { loadUserResponses } from '../responses.ts';

export const createUser = defineCommand({
  name: 'createUser',
  description: 'Creates a user in an existing account',
  access: access.domainAdmins,
  event: 'USER.CREATE',
  params: {
    account: { type: 'string', required: true, description: 'Name of the account to add the user to' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Domain of the account; the caller\'s when omitted' },
    username: { type: 'string', required: true, description: 'Username, unique in the domain' },
    password: { type: 'string', required: true, description: 'Clear-text password' },
    email: { type: 'string', required: true, description: 'Email' },
    firstname: { type: 'string', required: true, description: 'First name' },
    lastname: { type: 'string', required: true, description: 'Last name' },
    timezone: { type: 'string', description: 'Timezone of the user (IANA name)' },
    userid: { type: 'uuid', description: 'The id to give the user (for provisioning systems)' },
  },
  response: { type: 'object', name: 'user' },
  async handler(ctx, p) {
    const { account, domain } = await findAccountForAction(
      ctx,
      'createUser',
      { account: p.account as string, domainid: p.domainid as string | undefined },
      'add users to',
    );
    assertDomainActive(domain);
    const username = (p.username as string).trim();
    if (username === '') throw errors.invalidParam('createUser', 'username', p.username as string, 'a username cannot be blank');
    checkTimezone('createUser', p.timezone as string | undefined);
    const user = await newUserRow({
      id: p.userid as string | undefined,
      accountId: account.id,
      username,
      password: p.password as string,
      email: p.email as string,
      firstname: p.firstname as string,
      lastname: p.lastname as string,
      timezone: p.timezone as string | undefined,
    });
    await ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('user').select('id').where('id', '=', user.id).executeTakeFirst()) {
        throw errors.paramError(`A user with id ${user.id} already exists`);
      }
      await assertUsernameFree(trx, domain.id, username);
      await trx.insertInto('user').values(user).execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'User', resourceId: user.id, description: `created user ${username} in account ${account.name}` };
    const [response] = await loadUserResponses(ctx.db, [user]);
    return object(response);
  },
});
