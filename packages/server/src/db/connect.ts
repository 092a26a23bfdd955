import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/**
 * What differs between the engines, named in one place (as pg-boss names its backend flags) so that no query
 * sniffs the dialect itself.
 */
export interface DbCapabilities {
  dialect: 'sqlite' | 'postgres';
  /** `FOR UPDATE SKIP LOCKED` for claiming work among several servers. */
  skipLocked: boolean;
  /** Several management servers can share this database. */
  shared: boolean;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  capabilities: DbCapabilities;
  /** The URL without its password, for logs. */
  describe: string;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Prepared statements kept per SQL text: Kysely's driver would compile every statement again on every query. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The better-sqlite3 database as Kysely's SQLite dialect sees it, with `prepare` reusing statements. Reuse is safe
 * because the dialect runs one query at a time on its single connection. The map is bounded (oldest first out)
 * because `IN (?, ?, ...)` lists make new texts.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/** Opens the database named by `url`: `postgres://...` for PostgreSQL, otherwise a SQLite file path. */
export function openDatabase(url: string): DatabaseHandle {
  if (isPostgresUrl(url)) {
    // int8 (count(*), bigint columns) as numbers: our counters never pass 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the database ended (a restart, an administrator's command, a dropped database) is an 'error'
    // event, which unhandled would end the process; the pool drops that connection and opens a new one when needed.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      capabilities: { dialect: 'postgres', skipLocked: true, shared: true },
      describe: url.replace(/:[^:@/]*@/, ':***@'),
      close: () => db.destroy(),
    };
  }
  mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    capabilities: { dialect: 'sqlite', skipLocked: false, shared: false },
    describe: `sqlite:${url}`,
    close: () => db.destroy(),
  };
}
