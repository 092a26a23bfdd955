import { defineCommand, list, object, success } from '../../kernel/command.ts';
import { containsText } from '../../db/text.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { deleteTagsOf, tagFilter } from '../../operations/index.ts';
import { assertAccess, listScope, scopeCondition } from '../../identity/scope.ts';
import { findVmForAction } from '../../compute/index.ts';
import { hostDriver } from '../driver.ts';
import { findVmSnapshot, snapshotHostOf, vmSnapshotResponses, type VmSnapshotRow } from '../vm-snapshots.ts';

export const createVMSnapshot = defineCommand({
  name: 'createVMSnapshot',
  description: 'Takes a snapshot of all of a VM\'s disks, and of its memory with snapshotmemory=true (the VM must then be running)',
  access: access.all,
  async: true,
  event: 'VMSNAPSHOT.CREATE',
  jobInstance: { type: 'VmSnapshot', allocate: true },
  params: {
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The ID of the VM' },
    name: { type: 'string', description: 'The display name of the snapshot' },
    description: { type: 'string', description: 'The description of the snapshot' },
    snapshotmemory: { type: 'boolean', description: 'Snapshot the memory too (default false)' },
    quiescevm: { type: 'boolean', description: 'Accepted for compatibility: the simulator has nothing to quiesce' },
  },
  response: { type: 'object', name: 'vmsnapshot' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    const memory = p.snapshotmemory === true;
    if (vm.state !== 'Running' && vm.state !== 'Stopped') throw errors.paramError(`VM ${vm.name} is ${vm.state}: it must be Running or Stopped`, [vm.id]);
    if (memory && vm.state !== 'Running') throw errors.paramError(`A snapshot with memory needs VM ${vm.name} running`, [vm.id]);
    const hostId = snapshotHostOf(vm);
    const max = await ctx.settings.int('vmsnapshot.max');
    const id = ctx.job?.instanceId ?? crypto.randomUUID();
    const stamp = new Date().toISOString();
    const name = `${vm.instance_name}_VS_${stamp.replace(/[-:T]/g, '').slice(0, 14)}`;
    const row = await ctx.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('vm_snapshot').select(['id', 'current']).where('vm_id', '=', vm.id).execute();
      if (existing.length >= max) throw errors.paramError(`VM ${vm.name} already has ${existing.length} VM snapshots, the most vmsnapshot.max allows`, [vm.id]);
      const snapshot: VmSnapshotRow = {
        id,
        name,
        display_name: (p.name as string | undefined) ?? name,
        description: (p.description as string | undefined) ?? null,
        vm_id: vm.id,
        account_id: vm.account_id,
        domain_id: vm.domain_id,
        zone_id: vm.zone_id,
        type: memory ? 'DiskAndMemory' : 'Disk',
        state: 'Ready',
        parent_id: existing.find((s) => s.current === 1)?.id ?? null,
        current: 1,
        created: stamp,
      };
      await trx.updateTable('vm_snapshot').set({ current: 0 }).where('vm_id', '=', vm.id).execute();
      await trx.insertInto('vm_snapshot').values(snapshot).execute();
      await hostDriver(trx).createVmSnapshot(hostId, vm.instance_name, id, memory);
      return snapshot;
    });
    ctx.event = { ...ctx.event, resourceType: 'VMSnapshot', resourceId: row.id, description: `created VM snapshot ${row.display_name} of VM ${vm.name}` };
    const [response] = await vmSnapshotResponses(ctx.db, [row]);
    return object(response);
  },
});

export const listVMSnapshot = defineCommand({
  name: 'listVMSnapshot',
  description: 'Lists the VM snapshots the caller may see',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    tags: { type: 'map', description: 'Only those with these tags: tags[0].key=...&tags[0].value=...' },
    vmsnapshotid: { type: 'uuid', description: 'The ID of the VM snapshot' },
    vmsnapshotids: { type: 'list', of: 'uuid', description: 'The IDs of the VM snapshots' },
    virtualmachineid: { type: 'uuid', description: 'The ID of the VM' },
    name: { type: 'string', description: 'The name (or display name) of the VM snapshot' },
    state: { type: 'string', description: 'The state of the VM snapshots' },
  },
  // CloudStack's ListVMSnapshotCmd names its items `vmSnapshot` (api.json, read from the case-blind Go SDK, has
  // `vmsnapshot`); Ansible's cs_vmsnapshot reads `vmSnapshot`. createVMSnapshot's job result stays `vmsnapshot`.
  response: { type: 'list', listKey: 'vmSnapshot' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('vm_snapshot').where(scopeCondition(scope, { account: 'vm_snapshot.account_id', domain: 'vm_snapshot.domain_id' }));
    if (p.vmsnapshotid) q = q.where('vm_snapshot.id', '=', p.vmsnapshotid as string);
    if (p.vmsnapshotids) q = q.where('vm_snapshot.id', 'in', p.vmsnapshotids as string[]);
    if (p.virtualmachineid) q = q.where('vm_snapshot.vm_id', '=', p.virtualmachineid as string);
    if (p.name) q = q.where((eb) => eb.or([eb('vm_snapshot.name', '=', p.name as string), eb('vm_snapshot.display_name', '=', p.name as string)]));
    if (p.state) q = q.where((eb) => eb(eb.fn('lower', ['vm_snapshot.state']), '=', (p.state as string).toLowerCase()));
    if (p.tags) q = q.where(tagFilter('VMSnapshot', 'vm_snapshot.id', p.tags));
    if (p.keyword) q = q.where((eb) => eb.or([containsText('vm_snapshot.name', p.keyword as string), containsText('vm_snapshot.display_name', p.keyword as string)]));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll('vm_snapshot').orderBy('vm_snapshot.created', 'desc').orderBy('vm_snapshot.id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await vmSnapshotResponses(ctx.db, rows));
  },
});

export const deleteVMSnapshot = defineCommand({
  name: 'deleteVMSnapshot',
  description: 'Deletes a VM snapshot; its children then hang from its parent',
  access: access.all,
  async: true,
  event: 'VMSNAPSHOT.DELETE',
  jobInstance: { type: 'VmSnapshot', idParam: 'vmsnapshotid' },
  params: {
    vmsnapshotid: { type: 'uuid', entity: 'VMSnapshot', required: true, description: 'The ID of the VM snapshot' },
  },
  response: { type: 'success' },
  async handler(ctx, p) {
    const snapshot = await findVmSnapshot(ctx.db, p.vmsnapshotid as string);
    assertAccess(ctx.caller, { accountId: snapshot.account_id, domainPath: snapshot.domain_path }, 'VM snapshot');
    const vm = await findVmForAction(ctx, snapshot.vm_id);
    ctx.event = { ...ctx.event, resourceType: 'VMSnapshot', resourceId: snapshot.id, description: `deleted VM snapshot ${snapshot.display_name}` };
    await ctx.db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('vm_snapshot').where('id', '=', snapshot.id).executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) throw errors.notFound('vm snapshot', snapshot.id);
      await trx.updateTable('vm_snapshot').set({ parent_id: snapshot.parent_id }).where('parent_id', '=', snapshot.id).execute();
      await deleteTagsOf(trx, 'VMSnapshot', [snapshot.id]);
      await hostDriver(trx).deleteVmSnapshot(snapshotHostOf(vm), vm.instance_name, snapshot.id);
    });
    return success();
  },
});
