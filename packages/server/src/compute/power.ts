import type { PowerState } from '@nimbus/protocol';
import type { Kernel } from '../kernel/kernel.ts';
import { recordEvent } from '../kernel/events.ts';
import { raiseAlert } from '../operations/index.ts';
import { releaseHost } from './lifecycle.ts';
import { moveState, type VmRow } from './vms.ts';

/**
 * Reconciles what hosts report with what the database says: a VM recorded Running on a host that reports it off in
 * two reports in a row (one could have been taken just before the VM started) is marked Stopped and gives its
 * capacity back, with an event saying why (its guest shut itself down, crashed or was killed on the host).
 */
export function powerReconciler(kernel: Pick<Kernel, 'db' | 'log' | 'directory'>): (hostId: string, vmStates: Record<string, PowerState>) => Promise<void> {
  const missed = new Map<string, number>();
  return async (hostId, vmStates) => {
    const running = await kernel.db.selectFrom('vm_instance').selectAll().where('host_id', '=', hostId).where('state', '=', 'Running').execute();
    for (const vm of running as VmRow[]) {
      if (vmStates[vm.instance_name] === 'PowerOn') {
        missed.delete(vm.id);
        continue;
      }
      const n = (missed.get(vm.id) ?? 0) + 1;
      missed.set(vm.id, n);
      if (n < 2) continue;
      missed.delete(vm.id);
      if (!(await moveState(kernel.db, vm.id, 'Running', 'Stopped'))) continue;
      await releaseHost(kernel.db, vm);
      kernel.log.warn({ vmId: vm.id, hostId }, 'VM reported powered off by its host: marked Stopped');
      await raiseAlert(kernel.db, 'USERVM', `VM ${vm.name} (${vm.id}) stopped on host ${hostId} without being asked to: marked Stopped`, { zoneId: vm.zone_id, podId: vm.pod_id ?? undefined, clusterId: vm.cluster_id ?? undefined });
      await recordEvent(kernel.db, {
        caller: await kernel.directory.systemCaller(),
        type: 'VM.STOP',
        state: 'Completed',
        level: 'WARN',
        description: `VM ${vm.name} is powered off on its host: marked Stopped`,
        resourceType: 'VirtualMachine',
        resourceId: vm.id,
      });
    }
  };
}
