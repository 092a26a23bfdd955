import type { VmSpec } from '@nimbus/protocol';

/** A small guest for simulator and gateway tests. */
export function vmSpec(instanceName: string, disks: VmSpec['disks'] = []): VmSpec {
  return { id: `id-${instanceName}`, instanceName, cpu: 1, speed: 500, memory: 512 * 1024 * 1024, disks, nics: [] };
}
