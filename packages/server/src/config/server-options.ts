import { parseArgs } from 'node:util';
import { resolve, join } from 'node:path';

export interface ServerOptions {
  dataDir: string;
  /** A SQLite file path or a `postgres://` URL. */
  db: string;
  port: number;
  host: string;
  /** 0 = off (an emulator or API-only server). */
  agentPort: number;
  agentHost: string;
  /** 0 = off. When set, listens on 127.0.0.1 only. */
  integrationPort: number;
  logLevel: string;
  adminPassword?: string;
  faults?: string;
}

const usage = `Usage: nimbus server [options]

Options (each has an environment equivalent):
  --data-dir DIR          NIMBUS_DATA_DIR          state directory (default ./data)
  --db URL                NIMBUS_DB                SQLite file or postgres://... (default <data-dir>/nimbus.db)
  --port N                NIMBUS_PORT              API and UI port (default 8080)
  --host ADDR             NIMBUS_HOST              address to listen on (default 0.0.0.0)
  --agent-port N          NIMBUS_AGENT_PORT        host agent endpoint port (default 8250; 0 = off)
  --agent-host ADDR       NIMBUS_AGENT_HOST        address the agent endpoint listens on (default: --host)
  --integration-port N    NIMBUS_INTEGRATION_PORT  unauthenticated API on 127.0.0.1 (default 0 = off)
  --log-level LEVEL       NIMBUS_LOG_LEVEL         trace, debug, info, warn, error (default info)
Environment only:
  NIMBUS_ADMIN_PASSWORD   the admin password set on first start (otherwise generated)
  NIMBUS_FAULTS           fault injection, e.g. delay:deleteDomain=5000
`;

function port(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name}: '${value}' is not a port number`);
  return n;
}

export function parseServerOptions(argv: string[], env: NodeJS.ProcessEnv): ServerOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'agent-port': { type: 'string' },
      'agent-host': { type: 'string' },
      'integration-port': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const dataDir = resolve(values['data-dir'] ?? env.NIMBUS_DATA_DIR ?? './data');
  const level = values['log-level'] ?? env.NIMBUS_LOG_LEVEL ?? 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level)) throw new Error(`--log-level: unknown level '${level}'`);
  const host = values.host ?? env.NIMBUS_HOST ?? '0.0.0.0';
  return {
    dataDir,
    db: values.db ?? env.NIMBUS_DB ?? join(dataDir, 'nimbus.db'),
    port: port('--port', values.port ?? env.NIMBUS_PORT ?? '8080'),
    host,
    agentPort: port('--agent-port', values['agent-port'] ?? env.NIMBUS_AGENT_PORT ?? '8250'),
    agentHost: values['agent-host'] ?? env.NIMBUS_AGENT_HOST ?? host,
    integrationPort: port('--integration-port', values['integration-port'] ?? env.NIMBUS_INTEGRATION_PORT ?? '0'),
    logLevel: level,
    adminPassword: env.NIMBUS_ADMIN_PASSWORD || undefined,
    faults: env.NIMBUS_FAULTS || undefined,
  };
}

export const serverUsage = usage;
