import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const repoRoot = resolve(import.meta.dirname, '../..');
export type Dialect = 'sqlite' | 'postgres';

/**
 * The database engines the API suite runs on. PostgreSQL joins when scripts/test.sh started one and exported
 * NIMBUS_TEST_PG_URL; NIMBUS_TEST_DIALECTS narrows the list.
 */
export function testDialects(): Dialect[] {
  const wanted = (process.env.NIMBUS_TEST_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
  return wanted.filter((d) => d === 'sqlite' || (d === 'postgres' && !!process.env.NIMBUS_TEST_PG_URL));
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

/** A fresh, empty PostgreSQL database on the test cluster; dropped by the returned function. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.NIMBUS_TEST_PG_URL as string;
  const name = `nimbus_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer {
  url: string;
  port: number;
  integrationUrl?: string;
  /** Where host agents connect (`--agent-host`, default 127.0.0.1). */
  agentPort: number;
  adminPassword: string;
  dataDir: string;
  dialect: Dialect;
  db: string;
  proc: ChildProcess;
  output(): string;
  /** SIGKILL, leaving data in place (for restart tests). */
  kill(): Promise<void>;
  /** Starts the server again on the same data and database. */
  restart(): Promise<void>;
  /** SIGTERM and remove everything. */
  stop(): Promise<void>;
}

export interface TestServerOptions {
  dialect?: Dialect;
  env?: Record<string, string>;
  integration?: boolean;
  /** The agent endpoint's address: 0.0.0.0 for agents in other network namespaces. */
  agentHost?: string;
  /** The API's address (default 127.0.0.1): 0.0.0.0 lets agents in other namespaces fetch templates from it. */
  host?: string;
}

/** Starts `bin/nimbus server` as a child process on free ports with its own data directory and database. */
export async function startTestServer(o: TestServerOptions = {}): Promise<TestServer> {
  const dialect = o.dialect ?? 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'nimbus-test-'));
  const pgdb = dialect === 'postgres' ? await freshPostgres() : undefined;
  const db = pgdb?.url ?? join(dataDir, 'nimbus.db');
  const adminPassword = `Admin-${randomBytes(8).toString('hex')}`;
  const port = await freePort();
  const integrationPort = o.integration ? await freePort() : 0;
  const agentPort = await freePort();
  let proc!: ChildProcess;
  let out = '';

  const launch = async () => {
    out = '';
    proc = spawn(join(repoRoot, 'bin/nimbus'), ['server', '--port', String(port), '--host', o.host ?? '127.0.0.1', '--integration-port', String(integrationPort), '--agent-port', String(agentPort), '--agent-host', o.agentHost ?? '127.0.0.1', '--log-level', process.env.NIMBUS_TEST_LOG_LEVEL ?? 'warn'], {
      env: { ...process.env, NIMBUS_DATA_DIR: dataDir, NIMBUS_DB: db, NIMBUS_ADMIN_PASSWORD: adminPassword, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`server did not start in 20 s:\n${out}`)), 20_000);
      const check = () => {
        if (out.includes('Nimbus management server is running')) {
          clearTimeout(timer);
          res();
        }
      };
      proc.stdout?.on('data', check);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`server exited with ${code} before it started:\n${out}`));
      });
    });
  };
  const exited = () => new Promise<void>((res) => (proc.exitCode !== null || proc.signalCode !== null ? res() : proc.once('exit', () => res())));

  await launch();
  return {
    url: `http://127.0.0.1:${port}/client/api`,
    port,
    integrationUrl: integrationPort ? `http://127.0.0.1:${integrationPort}/client/api` : undefined,
    agentPort,
    adminPassword,
    dataDir,
    dialect,
    db,
    get proc() {
      return proc;
    },
    output: () => out,
    async kill() {
      proc.kill('SIGKILL');
      await exited();
    },
    async restart() {
      await launch();
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited();
        clearTimeout(timer);
      }
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
