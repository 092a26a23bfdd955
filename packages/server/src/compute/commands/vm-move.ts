import { defineCommand, object } from '../../kernel/command.ts';
import { ApiError, ErrorCode, errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { releaseResources, reserveResources } from '../../identity/index.ts';
import { agents } from '../../agents/index.ts';
import { findHost, hostsForPlacement, releaseHostCapacity, reserveHostCapacity } from '../../infrastructure/index.ts';
import { allocateNic, defaultNetworkFor, findNetworkForDeploy, prepareNetworks, refreshRules, releaseNicsOfVm } from '../../network/index.ts';
import { assertNetworkFits } from '../deploy-input.ts';
import { resolveOwner } from '../../identity/index.ts';
import { moveVolumesOfVm } from '../../storage/index.ts';
import { diskAffinity } from '../lifecycle.ts';
import { vmResponse } from '../vm-response.ts';
import { vmSpec } from '../vm-spec.ts';
import { transition } from '../vm-state.ts';
import { claimState, findVmForAction, moveState, vmCapacity, vmCounts } from '../vms.ts';

export const migrateVirtualMachine = defineCommand({
  name: 'migrateVirtualMachine',
  description: 'Live-migrates a running VM to another host with room for it (the given one, or the best one)',
  access: access.rootAdmin,
  async: true,
  event: 'VM.MIGRATE',
  jobInstance: { type: 'VirtualMachine', idParam: 'virtualmachineid' },
  params: {
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
    hostid: { type: 'uuid', entity: 'Host', description: 'The destination host; chosen by placement when absent' },
    autoselect: { type: 'boolean', description: 'Choose the destination host (the default without hostid)' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    transition(vm, 'MigrationRequested');
    const source = vm.host_id as string;
    if (p.hostid === source) throw errors.paramError(`VM ${vm.name} already runs on host ${source}`, [vm.id]);
    const { cpuMhz, memoryBytes } = vmCapacity(vm);
    // Disks stay where they are: the target must reach the ROOT disk's pool (its cluster), and local disks cannot follow.
    const disk = await diskAffinity(ctx.db, vm.id);
    if (disk.hostId) throw errors.paramError(`Unable to migrate VM ${vm.name}: its ROOT disk is on the local storage of its host`, [vm.id]);
    const candidates = await hostsForPlacement(ctx.db, { zoneId: vm.zone_id, hostId: p.hostid as string | undefined, clusterId: disk.clusterId, cpuMhz, memoryBytes, excludeHostIds: [source] });
    let target: (typeof candidates)[number] | undefined;
    for (const h of candidates) {
      if (await ctx.db.transaction().execute((trx) => reserveHostCapacity(trx, h.id, cpuMhz, memoryBytes))) {
        target = h;
        break;
      }
    }
    if (!target) {
      throw new ApiError(ErrorCode.InsufficientCapacityError, `Unable to migrate VM ${vm.name}: no ${p.hostid ? `room on host ${p.hostid}` : 'other host has room for it'}`, [vm.id]);
    }
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `migrating VM ${vm.name} to host ${target.name}` };
    await ctx.job?.touch({ type: 'VirtualMachine', id: vm.id, restoreState: 'Running' });
    await claimState(ctx.db, vm, 'Migrating');
    const to = target;
    let prepared = false;
    try {
      // The target waits with the guest's NICs plugged and its router flooding to it; then the source sends the guest.
      await prepareNetworks(ctx.db, vm.id, source, [to.id]);
      const { port } = await agents().send(to.id, { kind: 'PrepareMigration', vm: await vmSpec(ctx.db, { ...vm, host_id: to.id }) }, { timeoutMs: 120_000 });
      prepared = true;
      await ctx.job?.progress(30);
      const { ip_address: targetAddress } = await findHost(ctx.db, to.id);
      await agents().send(source, { kind: 'MigrateVm', instanceName: vm.instance_name, targetHost: to.id, targetAddress, targetPort: port }, {
        timeoutMs: 600_000,
        onProgress: (percent) => void ctx.job?.progress(30 + Math.floor(percent * 0.69)).catch(() => undefined),
      });
    } catch (e) {
      // The guest still runs on the source; the waiting QEMU on the target is given up.
      if (prepared) await agents().send(to.id, { kind: 'StopVm', instanceName: vm.instance_name, force: true }).catch(() => undefined);
      await ctx.db.transaction().execute((trx) => releaseHostCapacity(trx, to.id, cpuMhz, memoryBytes));
      await moveState(ctx.db, vm.id, 'Migrating', 'Running');
      throw e;
    }
    const moved = { host_id: target.id, last_host_id: source, pod_id: target.podId, cluster_id: target.clusterId, reserved_cpu_mhz: cpuMhz, reserved_memory_bytes: memoryBytes };
    await ctx.db.transaction().execute(async (trx) => {
      await releaseHostCapacity(trx, source, vm.reserved_cpu_mhz, vm.reserved_memory_bytes);
      await moveState(trx, vm.id, 'Migrating', 'Running', moved);
    });
    return object(await vmResponse(ctx.db, ctx.caller, { ...vm, ...moved, state: 'Running' }));
  },
});

export const assignVirtualMachine = defineCommand({
  name: 'assignVirtualMachine',
  description: 'Moves a stopped VM to another account: its volumes, resource counts and NICs follow it',
  access: access.domainAdmins,
  event: 'VM.MOVE',
  params: {
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM id' },
    account: { type: 'string', required: true, description: 'The new owner account' },
    domainid: { type: 'uuid', entity: 'Domain', required: true, description: 'The domain of the new owner' },
    networkids: { type: 'list', of: 'uuid', entity: 'Network', description: 'Networks of the new owner for the VM\'s NICs; its default network when absent' },
    projectid: { type: 'uuid', description: 'Projects are not supported yet' },
  },
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    if (vm.state !== 'Stopped') throw errors.paramError(`Unable to move VM ${vm.name}: it is in state ${vm.state}; only stopped VMs can be assigned`, [vm.id]);
    const owner = await resolveOwner(ctx, p);
    if (owner.accountId === vm.account_id) throw errors.paramError(`VM ${vm.name} already belongs to account ${owner.accountName}`, [vm.id]);
    const networkIds = (p.networkids as string[] | undefined) ?? [];
    for (const id of networkIds) assertNetworkFits(await findNetworkForDeploy(ctx.db, id, ctx.caller), owner, vm.zone_id);
    const user = await ctx.db.selectFrom('user').select('id').where('account_id', '=', owner.accountId).orderBy('created').executeTakeFirst();
    if (!user) throw errors.paramError(`Account ${owner.accountName} has no user to own the VM`);
    const moved = await ctx.db.transaction().execute(async (trx) => {
      await reserveResources(trx, owner.accountId, vmCounts(vm));
      await releaseResources(trx, vm.account_id, vmCounts(vm));
      await moveVolumesOfVm(trx, vm.id, owner);
      const changed = await releaseNicsOfVm(trx, vm.id);
      const networks = networkIds.length > 0 ? networkIds : [(await defaultNetworkFor(trx, { zoneId: vm.zone_id, accountId: owner.accountId, domainId: owner.domainId })).id];
      for (const [i, networkId] of networks.entries()) await allocateNic(trx, { vmId: vm.id, networkId, isDefault: i === 0, deviceId: i });
      return { vm: await claimState(trx, vm, 'Stopped', { account_id: owner.accountId, domain_id: owner.domainId, user_id: user.id, keypairs: null }), changed };
    });
    await refreshRules(ctx.db, moved.changed);
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: vm.id, description: `moved VM ${vm.name} to account ${owner.accountName}` };
    return object(await vmResponse(ctx.db, ctx.caller, moved.vm));
  },
});

export const moveCommands = [migrateVirtualMachine, assignVirtualMachine];
