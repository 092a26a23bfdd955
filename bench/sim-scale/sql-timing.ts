/**
 * Preloaded into the API server by `npm run bench:sim -- --sql-timing` (`--import`): times every SQLite statement
 * by its text and, when the server exits, writes the costliest to SQL_TIMING_FILE. A CPU profile cannot say which
 * query is slow (Kysely runs them after an await, so no caller of ours is on the stack); this can.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type SQLite from 'better-sqlite3';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof SQLite;
const totals = new Map<string, { ms: number; calls: number }>();
const wrapped = new WeakSet<object>();

function timedMethod(stmt: SQLite.Statement, method: 'all' | 'get' | 'run'): void {
  const original = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
  const key = stmt.source.replace(/\?(, \?)+/g, '?, ...');
  Object.defineProperty(stmt, method, {
    value: (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return original(...args);
      } finally {
        const t = totals.get(key) ?? { ms: 0, calls: 0 };
        t.ms += performance.now() - t0;
        t.calls++;
        totals.set(key, t);
      }
    },
  });
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: SQLite.Database, source: string) {
  const stmt = prepare.call(this, source) as SQLite.Statement;
  if (!wrapped.has(stmt)) {
    wrapped.add(stmt);
    for (const m of ['all', 'get', 'run'] as const) timedMethod(stmt, m);
  }
  return stmt;
} as typeof prepare;

process.on('exit', () => {
  const file = process.env.SQL_TIMING_FILE;
  if (!file) return;
  const top = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
  const all = [...totals.values()].reduce((s, t) => s + t.ms, 0);
  const lines = top.map(([sql, t]) => `${t.ms.toFixed(0).padStart(8)} ms ${String(t.calls).padStart(7)} calls ${(t.ms / t.calls).toFixed(2).padStart(7)} ms/call  ${sql.slice(0, 400)}`);
  writeFileSync(file, `SQLite statements, ${all.toFixed(0)} ms in all, costliest first:\n${lines.join('\n')}\n`);
});
