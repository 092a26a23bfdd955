import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { dataKey } from '../../identity/data-key.ts';
import { generatePassword } from '../../identity/passwords.ts';
import { templateSummary } from '../../images/index.ts';
import { resolveKeyPairs } from '../deploy-input.ts';
import { ownerNames } from '../owner.ts';
import { vmResponse } from '../vm-response.ts';
import { claimState, findVmForAction } from '../vms.ts';

const jobInstance = { type: 'VirtualMachine', idParam: 'id' };

export const resetPasswordForVirtualMachine = defineCommand({
  name: 'resetPasswordForVirtualMachine',
  description: 'Sets a new password on a stopped VM of a password-enabled template; the password is shown once',
  access: access.all,
  async: true,
  event: 'VM.RESETPASSWORD',
  jobInstance,
  params: {
    id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
    password: { type: 'string', description: 'The new password; generated when absent' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    const template = (await templateSummary(ctx.db, [vm.template_id])).get(vm.template_id);
    if (!template?.passwordenabled) throw errors.paramError(`Fail to reset password for VM ${vm.name}: its template is not password enabled`, [vm.id]);
    if (vm.state !== 'Stopped') throw errors.paramError(`Unable to reset the password of VM ${vm.name}: it is in state ${vm.state}; stop it first`, [vm.id]);
    const password = (p.password as string | undefined) ?? generatePassword();
    const updated = await claimState(ctx.db, vm, 'Stopped', { password: dataKey().seal(password) });
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `reset the password of VM ${vm.name}` };
    return object(await vmResponse(ctx.db, ctx.caller, updated, { password }));
  },
});

export const resetSSHKeyForVirtualMachine = defineCommand({
  name: 'resetSSHKeyForVirtualMachine',
  description: 'Replaces the SSH key pairs of a stopped VM (they reach the guest at its next start)',
  access: access.all,
  async: true,
  event: 'VM.RESETSSHKEY',
  jobInstance,
  params: {
    id: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
    keypair: { type: 'string', description: 'Name of an SSH key pair of the VM\'s owner' },
    keypairs: { type: 'list', of: 'string', description: 'Names of SSH key pairs of the VM\'s owner' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.id as string);
    if (vm.state !== 'Stopped') throw errors.paramError(`Unable to reset the SSH key of VM ${vm.name}: it is in state ${vm.state}; stop it first`, [vm.id]);
    const owner = (await ownerNames(ctx, [vm.account_id])).get(vm.account_id);
    const keypairs = await resolveKeyPairs(ctx.db, { accountId: vm.account_id, accountName: owner?.account ?? vm.account_id, domainId: vm.domain_id, domainPath: owner?.domainPath ?? '' }, p);
    if (!keypairs) throw errors.paramError('Unable to execute API command resetsshkeyforvirtualmachine due to missing parameter keypair');
    const updated = await claimState(ctx.db, vm, 'Stopped', { keypairs });
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `reset the SSH keys of VM ${vm.name}` };
    return object(await vmResponse(ctx.db, ctx.caller, updated));
  },
});

export const accessCommands = [resetPasswordForVirtualMachine, resetSSHKeyForVirtualMachine];
