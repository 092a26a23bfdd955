import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { SYSTEM_ACCOUNT_ID } from '../bootstrap.ts';
import { loadAccountResponses } from '../responses.ts';
import { listScope, scopeCondition } from '../scope.ts';

export const listAccounts = defineCommand({
  name: 'listAccounts',
  description: 'Lists accounts and provides detailed account information for listed accounts',
  access: access.all,
  params: {
    ...listParams,
    domainid: scopeParams.domainid,
    isrecursive: scopeParams.isrecursive,
    listall: scopeParams.listall,
    id: { type: 'uuid', description: 'List account by account ID' },
    name: { type: 'string', description: 'List account by account name' },
    accounttype: { type: 'integer', description: 'List accounts by account type' },
    state: { type: 'string', description: 'List accounts by state (enabled, disabled, locked)' },
  },
  response: { type: 'list', listKey: 'account' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p, { defaultListAll: true });
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db
      .selectFrom('account')
      .where(scopeCondition(scope, { account: 'account.id', domain: 'account.domain_id' }))
      .where('account.id', '!=', SYSTEM_ACCOUNT_ID);
    if (p.id) q = q.where('account.id', '=', p.id as string);
    if (p.name) q = q.where('account.name', '=', p.name as string);
    if (p.accounttype !== undefined) q = q.where('account.type', '=', p.accounttype as number);
    if (p.state) q = q.where('account.state', '=', (p.state as string).toLowerCase());
    if (p.keyword) q = q.where(containsText('account.name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('account.name').orderBy('account.id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await loadAccountResponses(ctx.db, rows));
  },
});
