import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/connect.ts';
import { freshPostgres, testDialects } from '../support/server.ts';

// The management server's PostgreSQL pool outlives connections the database ends under it (a restart, an
// administrator's command): an idle connection's error must not end the process, and the next query must work.
for (const dialect of testDialects().filter((d) => d === 'postgres')) {
  describe(`database connections [${dialect}]`, () => {
    let drop: (() => Promise<void>) | undefined;
    after(() => drop?.());

    it('survives the database ending an idle connection, and queries again', async () => {
      const fresh = await freshPostgres();
      drop = fresh.drop;
      const handle = openDatabase(fresh.url);
      try {
        assert.equal((await sql<{ n: number }>`select 1 as n`.execute(handle.db)).rows[0]?.n, 1);
        const admin = new pg.Client({ connectionString: fresh.url });
        await admin.connect();
        const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
        await admin.end();
        assert.ok(killed.rowCount && killed.rowCount > 0, 'the pool had an idle connection to end');
        // The ended connection's error reaches the pool while it is idle: give it the time to arrive.
        await new Promise((r) => setTimeout(r, 300));
        assert.equal((await sql<{ n: number }>`select 2 as n`.execute(handle.db)).rows[0]?.n, 2);
      } finally {
        await handle.close();
      }
    });
  });
}
