/**
 * The baseline: a bare Fastify route in a worker thread of the benchmark process (its own event loop, so it does
 * not share one with the load generator), on the API server's SQLite file opened read-only, doing the database
 * read listAccounts does (the count, the accounts, then their domains, roles and users) and JSON-encoding it. No
 * authentication, signature, role check, scoping, parameter coercion or events: what the kernel costs is the gap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../packages/server/src/db/schema.ts';
import { SYSTEM_ACCOUNT_ID } from '../../packages/server/src/identity/bootstrap.ts';
import { loadAccountResponses } from '../../packages/server/src/identity/responses.ts';

const { dbFile } = workerData as { dbFile: string };
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(dbFile, { readonly: true, fileMustExist: true }) }) });

const app = Fastify();
app.get('/accounts', async (_req, reply) => {
  const q = db.selectFrom('account').where('account.id', '!=', SYSTEM_ACCOUNT_ID);
  const [{ count }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('account.name').orderBy('account.id').limit(500).execute(),
  ]);
  const account = await loadAccountResponses(db, rows);
  reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ listaccountsresponse: { count: Number(count), account } }));
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
parentPort?.postMessage(typeof address === 'object' && address ? address.port : 0);
