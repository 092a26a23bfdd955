import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access, accountTypeOf, type RoleType } from '../../kernel/roles.ts';
import { assertAccountNameFree, assertRoleFitsDomain, assertRoleWithinReach, findAccountForAction, resolveRole } from '../accounts.ts';
import { checkNetworkDomain } from '../domains.ts';
import { loadAccountResponses } from '../responses.ts';

export const updateAccount = defineCommand({
  name: 'updateAccount',
  description: 'Renames an account, or changes its network domain or role',
  access: access.domainAdmins,
  event: 'ACCOUNT.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'Account', description: 'ID of the account' },
    account: { type: 'string', description: 'Name of the account (with domainid)' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Domain of the account named by account; the caller\'s when omitted' },
    newname: { type: 'string', description: 'New name for the account' },
    networkdomain: { type: 'string', description: 'Network domain for the account\'s networks' },
    roleid: { type: 'uuid', entity: 'Role', description: 'New role of the account; its account type follows the role\'s type' },
  },
  response: { type: 'object', name: 'account' },
  async handler(ctx, p) {
    const { account, domain } = await findAccountForAction(
      ctx,
      'updateAccount',
      { id: p.id as string | undefined, account: p.account as string | undefined, domainid: p.domainid as string | undefined },
      'update',
    );
    checkNetworkDomain('updateAccount', p.networkdomain as string | undefined);
    const newname = (p.newname as string | undefined)?.trim();
    if (newname === '') throw errors.invalidParam('updateAccount', 'newname', p.newname as string, 'an account name cannot be blank');
    const role = p.roleid === undefined ? undefined : await resolveRole(ctx, 'updateAccount', { roleid: p.roleid as string });
    if (role) {
      assertRoleWithinReach(ctx.caller, role.type, 'grant the role to');
      assertRoleFitsDomain(role, domain);
    }
    await ctx.db.transaction().execute(async (trx) => {
      if (newname !== undefined && newname !== account.name) {
        // A change of case only is a rename of the same account, not a clash.
        if (newname.toLowerCase() !== account.name.toLowerCase()) await assertAccountNameFree(trx, domain.id, newname);
        await trx.updateTable('account').set({ name: newname }).where('id', '=', account.id).execute();
      }
      if (p.networkdomain !== undefined) {
        await trx.updateTable('account').set({ network_domain: p.networkdomain as string }).where('id', '=', account.id).execute();
      }
      if (role) {
        await trx.updateTable('account').set({ role_id: role.id, type: accountTypeOf(role.type as RoleType) }).where('id', '=', account.id).execute();
      }
    });
    ctx.event = { ...ctx.event, resourceType: 'Account', resourceId: account.id, description: `updated account ${newname ?? account.name}` };
    const updated = await ctx.db.selectFrom('account').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
    const [response] = await loadAccountResponses(ctx.db, [updated]);
    return object(response);
  },
});
