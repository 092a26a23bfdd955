import { defineCommand, success, type CommandContext } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { ROOT_DOMAIN_ID } from '../bootstrap.ts';
import { assertRoleWithinReach, endSessions } from '../accounts.ts';
import { cleanAccounts } from '../cleanup.ts';
import { deleteDomainTree, subtree } from '../domains.ts';
import { assertDomainAccess, findDomain } from '../scope.ts';

/** Cleanup deletes every account below, so none of them may have a role stronger than the caller's. */
async function assertAccountsWithinReach(ctx: CommandContext, domains: Array<{ id: string }>): Promise<void> {
  const types = await ctx.db
    .selectFrom('account')
    .innerJoin('role', 'role.id', 'account.role_id')
    .select('role.type')
    .distinct()
    .where('account.domain_id', 'in', domains.map((d) => d.id))
    .execute();
  for (const { type } of types) assertRoleWithinReach(ctx.caller, type, 'delete');
}

export const deleteDomain = defineCommand({
  name: 'deleteDomain',
  description: 'Deletes a domain; with cleanup=true also its subdomains and every account and user in them',
  access: access.domainAdmins,
  async: true,
  event: 'DOMAIN.DELETE',
  jobInstance: { type: 'Domain', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Domain', required: true, description: 'ID of the domain to delete' },
    cleanup: { type: 'boolean', description: 'Delete the subdomains and the accounts in the domain too; without it a non-empty domain is refused' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const job = ctx.job!;
    const domain = await findDomain(ctx, p.id as string);
    if (domain.id === ROOT_DOMAIN_ID) throw errors.permissionDenied('The ROOT domain cannot be deleted', [domain.id]);
    assertDomainAccess(ctx.caller, domain);
    if (domain.id === ctx.caller.domainId) throw errors.permissionDenied('A domain cannot be deleted by an account that belongs to it', [domain.id]);
    ctx.event = { ...ctx.event, resourceType: 'Domain', resourceId: domain.id, description: `deleted domain ${domain.name}` };
    const cleanup = p.cleanup === true;
    // With cleanup everything below goes too, so all of it stops taking new accounts and domains.
    const doomed = cleanup ? await subtree(ctx.db, domain) : [domain];
    const busy = doomed.find((d) => d.state !== 'Active');
    if (busy) throw errors.inUse(`Domain ${busy.name} (${busy.id}) is already being deleted`, [busy.id]);
    if (cleanup) await assertAccountsWithinReach(ctx, doomed);
    for (const d of doomed) await job.touch({ type: 'Domain', id: d.id, restoreState: 'Active' });
    await ctx.db.updateTable('domain').set({ state: 'Inactive' }).where('id', 'in', doomed.map((d) => d.id)).execute();
    await job.progress(25);
    if (!cleanup) {
      const child = await ctx.db.selectFrom('domain').select('id').where('parent_id', '=', domain.id).executeTakeFirst();
      if (child) throw errors.inUse(`Domain ${domain.name} has child domains; delete them first or pass cleanup=true`, [domain.id]);
      const account = await ctx.db.selectFrom('account').select('id').where('domain_id', '=', domain.id).executeTakeFirst();
      if (account) throw errors.inUse(`Domain ${domain.name} still has accounts; delete them first or pass cleanup=true`, [domain.id]);
    }
    const accounts = await ctx.db.selectFrom('account').select('id').where('domain_id', 'in', doomed.map((d) => d.id)).execute();
    await cleanAccounts(ctx, accounts.map((a) => a.id), 30, 90);
    await endSessions(ctx, await deleteDomainTree(ctx.db, domain));
    return success();
  },
});
