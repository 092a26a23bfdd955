import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CommandContext } from '../kernel/command.ts';
import { ApiError, ErrorCode, errors } from '../kernel/errors.ts';
import { agents } from '../agents/index.ts';
import { findPool, hostsForPlacement, releaseHostCapacity, reserveHostCapacity } from '../infrastructure/index.ts';
import { prepareNetworks } from '../network/index.ts';
import { volumesOfVm } from '../storage/index.ts';
import { vmSpec } from './vm-spec.ts';
import { claimState, moveState, vmCapacity, type VmRow } from './vms.ts';

const AGENT_TIMEOUT_MS = 60_000;
const PLACEMENT_CANDIDATES = 8;

/** Gives the VM's host back what it held and forgets the host (remembered as the last one). */
export async function releaseHost(db: Kysely<Database>, vm: VmRow): Promise<void> {
  if (!vm.host_id) return;
  await db.transaction().execute(async (trx) => {
    await releaseHostCapacity(trx, vm.host_id as string, vm.reserved_cpu_mhz, vm.reserved_memory_bytes);
    await trx
      .updateTable('vm_instance')
      .set({ host_id: null, last_host_id: vm.host_id, reserved_cpu_mhz: 0, reserved_memory_bytes: 0 })
      .where('id', '=', vm.id)
      .execute();
  });
}

/** The cluster or host the VM's ROOT disk ties it to (a cluster- or host-scoped pool), if any. */
export async function diskAffinity(db: Kysely<Database>, vmId: string): Promise<{ clusterId?: string; hostId?: string }> {
  const root = (await volumesOfVm(db, vmId)).find((v) => v.type === 'ROOT');
  if (!root?.pool_id) return {};
  const pool = await findPool(db, root.pool_id);
  if (pool.scope === 'HOST' && pool.host_id) return { hostId: pool.host_id };
  if (pool.scope === 'CLUSTER' && pool.cluster_id) return { clusterId: pool.cluster_id };
  return {};
}

/** Reserves capacity on the first host of `hostIds` that still has room; the VM row records it. */
async function reserveOn(db: Kysely<Database>, vm: VmRow, hosts: { id: string; podId: string; clusterId: string }[]): Promise<VmRow | undefined> {
  const { cpuMhz, memoryBytes } = vmCapacity(vm);
  for (const h of hosts) {
    const placed = await db.transaction().execute(async (trx) => {
      if (!(await reserveHostCapacity(trx, h.id, cpuMhz, memoryBytes))) return false;
      await trx
        .updateTable('vm_instance')
        .set({ host_id: h.id, pod_id: h.podId, cluster_id: h.clusterId, reserved_cpu_mhz: cpuMhz, reserved_memory_bytes: memoryBytes })
        .where('id', '=', vm.id)
        .execute();
      return true;
    });
    if (placed) return { ...vm, host_id: h.id, pod_id: h.podId, cluster_id: h.clusterId, reserved_cpu_mhz: cpuMhz, reserved_memory_bytes: memoryBytes };
  }
  return undefined;
}

export interface StartOptions {
  /** Admins: start on this host only. */
  hostId?: string;
}

/**
 * Stopped -> Starting -> Running: picks a host (placement and capacity), sends StartVm, and tries the next host when
 * one fails, up to `start.retry` hosts. On failure the VM is Stopped again, holds no capacity, and the error says
 * why each host refused (533 when no host has room, 534 when the hosts' agents failed).
 */
export async function startVm(ctx: CommandContext, vm: VmRow, o: StartOptions = {}): Promise<VmRow> {
  await ctx.job?.touch({ type: 'VirtualMachine', id: vm.id, restoreState: vm.state });
  let current = await claimState(ctx.db, vm, 'Starting');
  const { cpuMhz, memoryBytes } = vmCapacity(vm);
  const tries = await ctx.settings.int('start.retry');
  const failures: string[] = [];
  const tried: string[] = [];
  const dispersing = (await ctx.settings.get('vm.allocation.algorithm')) === 'userdispersing';
  try {
    const disk = await diskAffinity(ctx.db, vm.id);
    if (o.hostId && disk.hostId && o.hostId !== disk.hostId) throw errors.paramError(`VM ${vm.name}'s ROOT disk is on the local storage of host ${disk.hostId}`, [vm.id]);
    while (tried.length < tries) {
      const candidates = await hostsForPlacement(ctx.db, {
        zoneId: vm.zone_id,
        hostId: o.hostId ?? disk.hostId,
        clusterId: disk.clusterId,
        hostTags: vm.host_tags ? vm.host_tags.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
        cpuMhz,
        memoryBytes,
        excludeHostIds: tried,
        vmCountByHost: dispersing ? await vmCountByHost(ctx.db, vm.account_id) : undefined,
        // A few candidates are enough to survive a race for the last room on one; reading every host of a large
        // zone per deploy was the deploy path's costliest query (bench/sim-scale).
        limit: PLACEMENT_CANDIDATES,
      });
      const placed = await reserveOn(ctx.db, current, candidates);
      if (!placed) break;
      current = placed;
      const hostId = placed.host_id as string;
      tried.push(hostId);
      await ctx.job?.progress(50);
      try {
        await prepareNetworks(ctx.db, vm.id, hostId);
        await agents().send(hostId, { kind: 'StartVm', vm: await vmSpec(ctx.db, current) }, { timeoutMs: AGENT_TIMEOUT_MS });
        await moveState(ctx.db, vm.id, 'Starting', 'Running', { last_host_id: hostId });
        return { ...current, state: 'Running', last_host_id: hostId };
      } catch (e) {
        // A zone-wide shortage (guest VLANs, public addresses) or the account's limit is the same on every host: say
        // so, as CloudStack does, instead of trying the next host.
        if (e instanceof ApiError && (e.errorcode === ErrorCode.InsufficientCapacityError || e.errorcode === ErrorCode.AccountResourceLimitError)) throw e;
        failures.push(e instanceof Error ? e.message : String(e));
        await releaseHost(ctx.db, current);
        current = { ...current, host_id: null, reserved_cpu_mhz: 0, reserved_memory_bytes: 0 };
      }
    }
  } catch (e) {
    await releaseHost(ctx.db, current);
    await moveState(ctx.db, vm.id, 'Starting', 'Stopped');
    throw e;
  }
  await moveState(ctx.db, vm.id, 'Starting', 'Stopped');
  if (failures.length > 0) {
    throw new ApiError(ErrorCode.ResourceUnavailableError, `Unable to start VM ${vm.name}: ${failures.join('; ')}`, [vm.id]);
  }
  const where = o.hostId ? `host ${o.hostId}` : `zone ${vm.zone_id}`;
  throw new ApiError(
    ErrorCode.InsufficientCapacityError,
    `Unable to create a deployment for VM ${vm.name}: no host in ${where} has ${vm.cpu_number} x ${vm.cpu_speed} MHz CPU and ${vm.memory} MiB memory free${vm.host_tags ? ` with host tags ${vm.host_tags}` : ''}`,
    [vm.id],
  );
}

/** Running -> Stopping -> Stopped: the host stops it (forced or not) and gives its capacity back. */
export async function stopVm(ctx: CommandContext, vm: VmRow, forced: boolean): Promise<VmRow> {
  await ctx.job?.touch({ type: 'VirtualMachine', id: vm.id, restoreState: vm.state });
  const stopping = await claimState(ctx.db, vm, 'Stopping');
  if (vm.host_id) {
    try {
      await agents().send(vm.host_id, { kind: 'StopVm', instanceName: vm.instance_name, force: forced }, { timeoutMs: AGENT_TIMEOUT_MS });
    } catch (e) {
      // A forced stop gives the VM up even when its host cannot be reached, as CloudStack's forced stop does.
      if (!forced) {
        await moveState(ctx.db, vm.id, 'Stopping', 'Running');
        throw e instanceof ApiError ? e : errors.unavailable(`Unable to stop VM ${vm.name}: ${String(e)}`, [vm.id]);
      }
    }
  }
  await releaseHost(ctx.db, stopping);
  await moveState(ctx.db, vm.id, 'Stopping', 'Stopped');
  return { ...stopping, state: 'Stopped', host_id: null, last_host_id: vm.host_id ?? vm.last_host_id, reserved_cpu_mhz: 0, reserved_memory_bytes: 0 };
}

/** How many of an account's VMs each host runs, for the userdispersing allocator. */
async function vmCountByHost(db: Kysely<Database>, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('vm_instance')
    .select(['host_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('host_id', 'is not', null)
    .groupBy('host_id')
    .execute();
  return new Map(rows.map((r) => [r.host_id as string, Number(r.n)]));
}
