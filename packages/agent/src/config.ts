/** What one `nimbus agent` is configured with (flags, NIMBUS_AGENT_* variables or a JSON config file). */
export interface AgentConfig {
  /** Management servers' agent endpoints, tried in turn: `wss://10.0.0.1:8250`. */
  servers: string[];
  /** The host's name, as listHosts shows it. */
  name: string;
  /** The address the operator names in addHost (`url=http://<address>`); also where peers reach this host for migration. */
  address: string;
  /** The credentials addHost must give (CloudStack's host username/password). */
  username: string;
  password: string;
  /** Where the agent keeps its secret and its guests' run files (pid, QMP and VNC sockets, serial logs). */
  stateDir: string;
  /** The directory of this host's local primary storage. */
  localStoragePath: string;
  /** Prefix of every network namespace, bridge and tap device this agent creates (at most 4 characters). */
  prefix: string;
  /** `auto` uses KVM only where a real VMX/SVM module is loaded, else TCG software emulation. */
  accel: 'auto' | 'kvm' | 'tcg';
  /** The bridge standing for the zone's public network: routers' uplinks join it (created when missing); `<prefix>pub0` if unset. */
  publicBridge?: string;
  /**
   * Whether the agent puts each public range's gateway address on the public bridge, so that on a one-machine cloud
   * the host itself is "the outside"; false where the operator's bridge leads to a real gateway. Unset means true.
   */
  ownPublicGateway?: boolean;
  /**
   * The guest traffic interface (CloudStack's guest traffic label): a trunk carrying `vlan://` networks as 802.1Q
   * sub-interfaces `<interface>.<id>`. Unset, or on a kernel without 802.1Q, they travel as VXLAN with VNI = VLAN id.
   */
  guestInterface?: string;
}

/** The guests' run files: `<instance>.pid`, `.qmp`, `.vnc`, `.log`, `.json` (the spec it was started with). */
export function runDir(config: AgentConfig): string {
  return `${config.stateDir}/run`;
}

/** The public network's bridge (see AgentConfig.publicBridge). */
export function publicBridge(config: AgentConfig): string {
  return config.publicBridge ?? `${config.prefix}pub0`;
}
