import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { SYSTEM_USER_ID } from '../bootstrap.ts';
import { loadUserResponses } from '../responses.ts';
import { listScope, scopeCondition } from '../scope.ts';

export const listUsers = defineCommand({
  name: 'listUsers',
  description: 'Lists users: a user sees those of its own account, an admin those of its domain subtree',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'List the user with this id' },
    username: { type: 'string', description: 'List users by username' },
    accounttype: { type: 'integer', description: 'List users by account type: 0 User, 1 Admin, 2 DomainAdmin, 3 ResourceAdmin' },
    state: { type: 'string', description: 'List users by state: enabled, disabled or locked' },
    usersource: { type: 'string', description: 'List users by authentication source (native)' },
  },
  response: { type: 'list', listKey: 'user' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p, { defaultListAll: true });
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db
      .selectFrom('user')
      .innerJoin('account', 'account.id', 'user.account_id')
      .where(scopeCondition(scope, { account: 'user.account_id', domain: 'account.domain_id' }))
      .where('user.id', '!=', SYSTEM_USER_ID);
    if (p.id) q = q.where('user.id', '=', p.id as string);
    if (p.username) q = q.where('user.username', '=', p.username as string);
    if (p.accounttype !== undefined) q = q.where('account.type', '=', p.accounttype as number);
    if (p.state) q = q.where('user.state', '=', (p.state as string).toLowerCase());
    if (p.usersource) q = q.where('user.source', '=', (p.usersource as string).toLowerCase());
    if (p.keyword) {
      const keyword = p.keyword as string;
      q = q.where((eb) =>
        eb.or(['user.username', 'user.firstname', 'user.lastname', 'user.email', 'account.name'].map((c) => containsText(c, keyword))),
      );
    }
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll('user').orderBy('user.username').orderBy('user.id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await loadUserResponses(ctx.db, rows));
  },
});
