import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AgentConfig } from './config.ts';

export const agentUsage = `Usage: nimbus agent [options]

Runs the host agent: connects to the management server, which admits it when an operator calls
addHost hypervisor=KVM url=http://<address> username=<username> password=<password>.

Options (each has an environment equivalent; a --config JSON file may hold the same keys as AgentConfig):
  --server URL            NIMBUS_AGENT_SERVER       management server agent endpoint(s), comma-separated (default wss://127.0.0.1:8250)
  --name NAME             NIMBUS_AGENT_NAME         host name (default: this machine's hostname)
  --address ADDR          NIMBUS_AGENT_ADDRESS      the address addHost names (default: first non-loopback IPv4)
  --username USER         NIMBUS_AGENT_USERNAME     addHost's username (default root)
  --password PASS         NIMBUS_AGENT_PASSWORD     addHost's password (required)
  --state-dir DIR         NIMBUS_AGENT_STATE_DIR    secret and guests' run files (default /var/lib/nimbus/agent)
  --local-storage DIR     NIMBUS_AGENT_LOCAL_STORAGE local primary storage (default /var/lib/nimbus/local)
  --prefix P              NIMBUS_AGENT_PREFIX       prefix of the namespaces, bridges and taps it makes (default nb)
  --accel auto|kvm|tcg    NIMBUS_AGENT_ACCEL        hardware acceleration (default auto: KVM only with VMX/SVM)
  --public-bridge NAME    NIMBUS_AGENT_PUBLIC_BRIDGE the zone's public network bridge (default <prefix>pub0; created when missing)
  --own-public-gateway true|false NIMBUS_AGENT_OWN_PUBLIC_GATEWAY put the public ranges' gateways on that bridge (default true)
  --guest-interface NAME  NIMBUS_AGENT_GUEST_INTERFACE the guest traffic's trunk: vlan:// networks get NAME.<id> where
                                                    the kernel has 802.1Q (default none: they travel as VXLAN)
  --config FILE                                     JSON configuration file
  --log-level LEVEL       NIMBUS_LOG_LEVEL          (default info)
`;

/** The machine's first non-loopback IPv4 address: what addHost names by default. */
export function firstAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

export function parseAgentOptions(argv: string[], env: NodeJS.ProcessEnv): { config: AgentConfig; logLevel: string } | 'help' {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      name: { type: 'string' },
      address: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'state-dir': { type: 'string' },
      'local-storage': { type: 'string' },
      prefix: { type: 'string' },
      accel: { type: 'string' },
      'public-bridge': { type: 'string' },
      'own-public-gateway': { type: 'string' },
      'guest-interface': { type: 'string' },
      config: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (v.help) return 'help';
  const file = (v.config ? JSON.parse(readFileSync(v.config, 'utf8')) : {}) as Partial<AgentConfig>;
  const pick = (flag: string | undefined, envName: string, fromFile: unknown, fallback?: string) => flag ?? env[envName] ?? (fromFile as string | undefined) ?? fallback;
  const servers = pick(v.server, 'NIMBUS_AGENT_SERVER', file.servers?.join(','), 'wss://127.0.0.1:8250') as string;
  const password = pick(v.password, 'NIMBUS_AGENT_PASSWORD', file.password);
  if (!password) throw new Error('--password (or NIMBUS_AGENT_PASSWORD) is required: addHost must give the same one');
  const prefix = pick(v.prefix, 'NIMBUS_AGENT_PREFIX', file.prefix, 'nb') as string;
  if (!/^[a-z][a-z0-9]{0,3}$/.test(prefix)) throw new Error(`--prefix: '${prefix}' must be 1-4 lower-case letters or digits, starting with a letter`);
  const accel = pick(v.accel, 'NIMBUS_AGENT_ACCEL', file.accel, 'auto') as string;
  if (accel !== 'auto' && accel !== 'kvm' && accel !== 'tcg') throw new Error(`--accel: '${accel}' is not auto, kvm or tcg`);
  const publicBridge = pick(v['public-bridge'], 'NIMBUS_AGENT_PUBLIC_BRIDGE', file.publicBridge, `${prefix}pub0`) as string;
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(publicBridge)) throw new Error(`--public-bridge: '${publicBridge}' is not a valid interface name (1-15 letters, digits, _ . -)`);
  const guestInterface = pick(v['guest-interface'], 'NIMBUS_AGENT_GUEST_INTERFACE', file.guestInterface);
  if (guestInterface !== undefined && !/^[A-Za-z0-9_.-]{1,10}$/.test(guestInterface)) {
    throw new Error(`--guest-interface: '${guestInterface}' is not an interface name that leaves room for .<vlan id> (1-10 letters, digits, _ . -)`);
  }
  const fileOwn = file.ownPublicGateway === undefined ? undefined : String(file.ownPublicGateway);
  const ownPublicGateway = pick(v['own-public-gateway'], 'NIMBUS_AGENT_OWN_PUBLIC_GATEWAY', fileOwn, 'true') as string;
  if (ownPublicGateway !== 'true' && ownPublicGateway !== 'false') throw new Error(`--own-public-gateway: '${ownPublicGateway}' is not true or false`);
  const stateDir = resolve(pick(v['state-dir'], 'NIMBUS_AGENT_STATE_DIR', file.stateDir, '/var/lib/nimbus/agent') as string);
  return {
    logLevel: v['log-level'] ?? env.NIMBUS_LOG_LEVEL ?? 'info',
    config: {
      servers: servers.split(',').map((s) => s.trim()).filter(Boolean),
      name: pick(v.name, 'NIMBUS_AGENT_NAME', file.name, hostname()) as string,
      address: pick(v.address, 'NIMBUS_AGENT_ADDRESS', file.address, firstAddress()) as string,
      username: pick(v.username, 'NIMBUS_AGENT_USERNAME', file.username, 'root') as string,
      password,
      stateDir,
      localStoragePath: resolve(pick(v['local-storage'], 'NIMBUS_AGENT_LOCAL_STORAGE', file.localStoragePath, '/var/lib/nimbus/local') as string),
      prefix,
      accel,
      publicBridge,
      ownPublicGateway: ownPublicGateway === 'true',
      guestInterface,
    },
  };
}
