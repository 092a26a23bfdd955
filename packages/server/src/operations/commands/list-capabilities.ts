import { defineCommand, object } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { CLOUDSTACK_VERSION } from '../../kernel/serialize.ts';
import { accountChain } from '../../kernel/settings-store.ts';

/**
 * What this cloud offers, as CloudStack's UI and clients read it. Account-scoped flags are answered for the caller's
 * account. `apilimitinterval`/`apilimitmax` are left out as CloudStack leaves them out while API throttling is off;
 * Nimbus has no throttling.
 */
export const listCapabilities = defineCommand({
  name: 'listCapabilities',
  description: 'Lists capabilities',
  access: access.all,
  params: {},
  response: { type: 'object', name: 'capability' },
  async handler(ctx) {
    const chain = accountChain(ctx.caller.accountId, ctx.caller.domainId);
    const s = ctx.settings;
    return object({
      cloudstackversion: CLOUDSTACK_VERSION,
      securitygroupsenabled: false,
      dynamicrolesenabled: true,
      userpublictemplateenabled: await s.bool('allow.public.user.templates', chain),
      supportELB: 'false',
      projectinviterequired: await s.bool('project.invite.required'),
      allowusercreateprojects: await s.bool('allow.user.create.projects'),
      customdiskofferingminsize: await s.int('custom.diskoffering.size.min'),
      customdiskofferingmaxsize: await s.int('custom.diskoffering.size.max'),
      regionsecondaryenabled: false,
      kvmsnapshotenabled: true,
      allowuserviewdestroyedvm: await s.bool('allow.user.view.destroyed.vm', chain),
      allowuserexpungerecovervm: await s.bool('allow.user.expunge.recover.vm', chain),
      allowuserexpungerecovervolume: await s.bool('allow.user.expunge.recover.volume', chain),
      allowuserviewalldomainaccounts: false,
      kubernetesserviceenabled: false,
      kubernetesclusterexperimentalfeaturesenabled: false,
      defaultuipagesize: await s.int('default.ui.page.size'),
    });
  },
});
