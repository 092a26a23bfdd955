import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CommandContext } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { assertAccess } from '../identity/scope.ts';
import type { VmState } from './vm-state.ts';

export type VmRow = Database['vm_instance'];
type Db = Kysely<Database> | Transaction<Database>;

/** The VM with this id if the caller may act on it: 431 when unknown (or expunged), 531 outside the caller's reach. */
export async function findVmForAction(ctx: CommandContext, id: string): Promise<VmRow> {
  const vm = await ctx.db.selectFrom('vm_instance').selectAll().where('id', '=', id).executeTakeFirst();
  if (!vm) throw errors.notFound('virtual machine', id);
  const domain = await ctx.db.selectFrom('domain').select('path').where('id', '=', vm.domain_id).executeTakeFirstOrThrow();
  assertAccess(ctx.caller, { accountId: vm.account_id, domainPath: domain.path }, 'virtual machine');
  return vm;
}

/** Names and states of VMs, for other domains' responses (a volume's `vmname`, a NIC's VM). */
export async function vmSummary(
  db: Db,
  ids: string[],
): Promise<Map<string, { name: string; displayname: string; state: string; instancename: string; type: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('vm_instance')
    .select(['id', 'name', 'display_name', 'state', 'instance_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, displayname: r.display_name, state: r.state, instancename: r.instance_name, type: 'User' }]));
}

/**
 * Moves a VM from `from` to `to` only if no one else moved it meanwhile (a conditional UPDATE): two racing start
 * requests cannot both win. Returns whether this call made the move.
 */
export async function moveState(db: Db, vmId: string, from: string, to: VmState, set: Partial<VmRow> = {}): Promise<boolean> {
  const r = await db
    .updateTable('vm_instance')
    .set({ ...set, state: to, updated: new Date().toISOString() })
    .where('id', '=', vmId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Like `moveState`, but losing the race is the 431 a client can act on (the VM changed state under it). */
export async function claimState(db: Db, vm: VmRow, to: VmState, set: Partial<VmRow> = {}): Promise<VmRow> {
  if (!(await moveState(db, vm.id, vm.state, to, set))) {
    throw errors.paramError(`VM ${vm.name} changed state while the request was handled; try again`, [vm.id]);
  }
  return { ...vm, ...set, state: to };
}

export const MiB = 1024 * 1024;

/** What a VM takes on its host, as the capacity functions count it. */
export function vmCapacity(vm: Pick<VmRow, 'cpu_number' | 'cpu_speed' | 'memory'>): { cpuMhz: number; memoryBytes: number } {
  return { cpuMhz: vm.cpu_number * vm.cpu_speed, memoryBytes: vm.memory * MiB };
}

/** The resource counts a VM holds while it is not destroyed (CloudStack counts stopped VMs too). */
export function vmCounts(vm: Pick<VmRow, 'cpu_number' | 'memory'>): { user_vm: number; cpu: number; memory: number } {
  return { user_vm: 1, cpu: vm.cpu_number, memory: vm.memory };
}
