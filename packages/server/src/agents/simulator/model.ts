import type { DhcpLease, DiskSpec, PowerState, VmSpec } from '@nimbus/protocol';

/** A guest running on a simulated host; a stopped guest exists on no host (as with KVM's transient domains). */
export interface SimVm {
  spec: VmSpec;
  disks: DiskSpec[];
  vncPort: number;
}

/**
 * One simulated host: its hardware, its running guests and the faults a test injected. Kept small (the guest map is
 * created on first start) so that one process carries tens of thousands of hosts.
 */
export interface SimHost {
  id: string;
  name: string;
  cpuNumber: number;
  cpuSpeed: number;
  memoryBytes: number;
  localStorageBytes: number;
  vms: Map<string, SimVm> | undefined;
  /** The next N StartVm commands fail. */
  failNextStarts: number;
  /** Every answer comes this many milliseconds late. */
  latencyMs: number;
  /** The host answers nothing: its agent is unreachable. */
  down: boolean;
}

/** A volume on simulated primary storage, which every host sees (shared storage): keyed by its path. */
export interface SimVolume {
  path: string;
  sizeBytes: number;
  templatePath?: string;
  /** Instance name of the guest the volume is plugged into, running or not. */
  attachedTo?: string;
}

export interface SimSnapshot {
  path: string;
  volumePath: string;
  sizeBytes: number;
}

/** A guest snapshot: each disk's size at that time, and the guest itself when its memory was taken. */
export interface SimVmSnapshot {
  disks: Map<string, number>;
  memoryOf?: SimVm;
}

export interface HostFigures {
  id: string;
  name: string;
  cpuNumber?: number;
  cpuSpeed?: number;
  memoryBytes?: number;
  localStorageBytes?: number;
}

export interface SimulatorFaults {
  failNextStarts?: number;
  latencyMs?: number;
  down?: boolean;
}

/** CloudStack's simulator defaults for a host whose URL names no figures: 4 cores of 8000 MHz, 8 GiB. */
export const defaultHostFigures = { cpuNumber: 4, cpuSpeed: 8000, memoryBytes: 8 * 1024 ** 3, localStorageBytes: 1024 ** 4 };

/** The whole simulated data centre of this process: hosts, shared storage and an index of where guests run. */
export class SimulatorState {
  readonly hosts = new Map<string, SimHost>();
  readonly volumes = new Map<string, SimVolume>();
  readonly snapshots = new Map<string, SimSnapshot>();
  readonly vmSnapshots = new Map<string, SimVmSnapshot>();
  /** Guest networks whose router a simulated host runs: network id -> host and the DHCP leases it serves. */
  readonly routers = new Map<string, { hostId: string; leases: DhcpLease[] }>();
  /** Instance name -> id of the host it runs on. */
  readonly running = new Map<string, string>();
  private nextVncPort = 5900;

  addHost(f: HostFigures): SimHost {
    const existing = this.hosts.get(f.id);
    const host: SimHost = {
      id: f.id,
      name: f.name,
      cpuNumber: f.cpuNumber ?? defaultHostFigures.cpuNumber,
      cpuSpeed: f.cpuSpeed ?? defaultHostFigures.cpuSpeed,
      memoryBytes: f.memoryBytes ?? defaultHostFigures.memoryBytes,
      localStorageBytes: f.localStorageBytes ?? defaultHostFigures.localStorageBytes,
      // A reconnect keeps the guests the host runs, as a real host's guests outlive its agent, and its faults.
      vms: existing?.vms,
      failNextStarts: existing?.failNextStarts ?? 0,
      latencyMs: existing?.latencyMs ?? 0,
      down: existing?.down ?? false,
    };
    this.hosts.set(f.id, host);
    return host;
  }

  removeHost(id: string): void {
    const host = this.hosts.get(id);
    for (const name of host?.vms?.keys() ?? []) this.running.delete(name);
    this.hosts.delete(id);
  }

  runVm(host: SimHost, spec: VmSpec): SimVm {
    const vm: SimVm = { spec, disks: [...spec.disks], vncPort: this.nextVncPort++ };
    if (this.nextVncPort > 65000) this.nextVncPort = 5900;
    (host.vms ??= new Map()).set(spec.instanceName, vm);
    this.running.set(spec.instanceName, host.id);
    for (const d of vm.disks) {
      const v = this.volumes.get(d.path);
      if (v) v.attachedTo = spec.instanceName;
    }
    return vm;
  }

  stopVm(host: SimHost, instanceName: string): void {
    if (!host.vms?.delete(instanceName)) return;
    this.running.delete(instanceName);
    if (host.vms.size === 0) host.vms = undefined;
  }

  powerState(instanceName: string): PowerState {
    return this.running.has(instanceName) ? 'PowerOn' : 'PowerOff';
  }

  /** The guest using a volume, when that guest is running. */
  runningUser(path: string): string | undefined {
    const user = this.volumes.get(path)?.attachedTo;
    return user && this.running.has(user) ? user : undefined;
  }
}
