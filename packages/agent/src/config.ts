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
}

/** The guests' run files: `<instance>.pid`, `.qmp`, `.vnc`, `.log`, `.json` (the spec it was started with). */
export function runDir(config: AgentConfig): string {
  return `${config.stateDir}/run`;
}
