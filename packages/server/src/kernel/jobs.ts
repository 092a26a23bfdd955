import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import type { Caller, CommandContext, CommandDecl, JobHandle, Params, TouchedResource } from './command.ts';
import { type ApiError, ErrorCode, toApiError } from './errors.ts';
import type { Faults } from './faults.ts';
import { responseBody } from './serialize.ts';
import type { Settings } from './settings-store.ts';

/** Puts a resource a failed job left in a transitional state back into a stable one. Registered per resource type. */
export type Restorer = (db: Kysely<Database>, id: string, state: string) => Promise<void>;

export interface JobRunnerOptions {
  db: Kysely<Database>;
  log: Logger;
  settings: Settings;
  serverId: string;
  faults: Faults;
  restorers: ReadonlyMap<string, Restorer>;
  /** Runs after the handler, success or failure, to record the closing event. */
  onFinish(decl: CommandDecl, ctx: CommandContext, error: ApiError | undefined): Promise<void>;
}

export type JobRow = Database['async_job'];

const HEARTBEAT_MS = 10_000;

/**
 * Async jobs: a row per call, executed in this process, its result kept for `queryAsyncJobResult`. A job never
 * outlives its server silently: at start a server fails the jobs it owned, and every server fails jobs whose owner
 * stopped sending heartbeats; either way the resources they touched are restored.
 */
export class JobRunner {
  private readonly o: JobRunnerOptions;
  private running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(options: JobRunnerOptions) {
    this.o = options;
  }

  /** Creates the job row and starts it; returns the job id at once. */
  async submit(
    decl: CommandDecl,
    params: Params,
    caller: Caller,
    makeContext: (job: JobHandle) => CommandContext,
  ): Promise<JobRow> {
    const now = new Date().toISOString();
    const instanceId = decl.jobInstance?.allocate ? randomUUID() : decl.jobInstance ? params[decl.jobInstance.idParam] : undefined;
    const row: JobRow = {
      id: randomUUID(),
      command: decl.name,
      params: JSON.stringify(params),
      user_id: caller.userId,
      account_id: caller.accountId,
      domain_id: caller.domainId,
      status: 0,
      result_code: 0,
      result_type: null,
      result: null,
      progress: 0,
      instance_type: decl.jobInstance?.type ?? null,
      instance_id: typeof instanceId === 'string' ? instanceId : null,
      server_id: this.o.serverId,
      heartbeat: now,
      created: now,
      completed: null,
    };
    await this.o.db.insertInto('async_job').values(row).execute();
    const ctx = makeContext({ ...this.handle(row.id, decl.name), instanceId: decl.jobInstance?.allocate ? (row.instance_id ?? undefined) : undefined });
    const run = this.execute(row, decl, params, ctx).finally(() => this.running.delete(row.id));
    this.running.set(row.id, run);
    return row;
  }

  private handle(jobId: string, command = ''): JobHandle {
    const { db, faults } = this.o;
    return {
      id: jobId,
      progress: async (percent) => {
        const delay = faults.jobStepDelayMs(command);
        if (delay > 0) await sleep(delay);
        await db.updateTable('async_job').set({ progress: Math.max(0, Math.min(100, Math.round(percent))) }).where('id', '=', jobId).execute();
      },
      touch: async (r: TouchedResource) => {
        await db
          .insertInto('job_resource')
          .values({ job_id: jobId, resource_type: r.type, resource_id: r.id, restore_state: r.restoreState })
          .onConflict((oc) => oc.doNothing())
          .execute();
      },
    };
  }

  private async execute(row: JobRow, decl: CommandDecl, params: Params, ctx: CommandContext): Promise<void> {
    let error: ApiError | undefined;
    try {
      const result = await decl.handler(ctx, params);
      const body = responseBody(decl.response, result);
      await this.finish(row.id, 1, 0, 'object', body);
    } catch (e) {
      error = toApiError(e, ctx.requestId);
      if (error.errorcode === ErrorCode.InternalError) this.o.log.error({ err: e, jobId: row.id }, 'async job failed');
      await this.restore(row.id);
      // CloudStack's failed job result is its ExceptionResponse without ids: `{uuidList: [], errorcode, errortext}`.
      await this.finish(row.id, 2, error.errorcode, 'object', { uuidList: [], errorcode: error.errorcode, errortext: error.message });
    }
    try {
      await this.o.onFinish(decl, ctx, error);
    } catch (e) {
      this.o.log.error({ err: e, jobId: row.id }, 'recording the end of an async job failed');
    }
  }

  private async finish(id: string, status: number, code: number, type: string, result: unknown): Promise<void> {
    await this.o.db
      .updateTable('async_job')
      .set({ status, result_code: code, result_type: type, result: JSON.stringify(result), progress: 100, completed: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    await this.o.db.deleteFrom('job_resource').where('job_id', '=', id).execute();
  }

  /** Moves every resource the job touched back to the state recorded before it was touched. */
  private async restore(jobId: string): Promise<void> {
    const rows = await this.o.db.selectFrom('job_resource').selectAll().where('job_id', '=', jobId).execute();
    for (const r of rows) {
      const restorer = this.o.restorers.get(r.resource_type);
      if (!restorer) {
        this.o.log.error({ jobId, type: r.resource_type }, 'no restorer for a resource type touched by a job');
        continue;
      }
      await restorer(this.o.db, r.resource_id, r.restore_state);
    }
  }

  /** Fails pending jobs that no live server runs: this server's from before a restart, and others' gone silent. */
  async recover(): Promise<number> {
    const timeout = await this.o.settings.int('job.heartbeat.timeout.seconds');
    const cutoff = new Date(Date.now() - timeout * 1000).toISOString();
    const orphans = await this.o.db
      .selectFrom('async_job')
      .select(['id', 'server_id'])
      .where('status', '=', 0)
      .where((eb) => eb.or([eb('server_id', '=', this.o.serverId), eb('heartbeat', '<', cutoff)]))
      .execute();
    for (const job of orphans) {
      if (this.running.has(job.id)) continue;
      const why =
        job.server_id === this.o.serverId
          ? 'the management server restarted while the job ran'
          : `management server ${job.server_id} stopped answering while the job ran`;
      await this.restore(job.id);
      await this.finish(job.id, 2, ErrorCode.InternalError, 'object', {
        uuidList: [],
        errorcode: ErrorCode.InternalError,
        errortext: `Job failed: ${why}; every resource it touched was returned to its previous state`,
      });
      this.o.log.warn({ jobId: job.id }, `failed orphaned async job: ${why}`);
    }
    return orphans.filter((j) => !this.running.has(j.id)).length;
  }

  /** Starts the heartbeat and the orphan scan. */
  start(): void {
    this.timer = setInterval(() => {
      void this.tick().catch((e) => this.o.log.error({ err: e }, 'job heartbeat failed'));
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const now = new Date().toISOString();
    await this.o.db.updateTable('async_job').set({ heartbeat: now }).where('status', '=', 0).where('server_id', '=', this.o.serverId).execute();
    const timeout = await this.o.settings.int('job.heartbeat.timeout.seconds');
    const cutoff = new Date(Date.now() - timeout * 1000).toISOString();
    const stale = await this.o.db.selectFrom('async_job').select('id').where('status', '=', 0).where('heartbeat', '<', cutoff).executeTakeFirst();
    if (stale) await this.recover();
    const expireMinutes = await this.o.settings.int('job.expire.minutes');
    await this.o.db
      .deleteFrom('async_job')
      .where('status', '!=', 0)
      .where('completed', '<', new Date(Date.now() - expireMinutes * 60_000).toISOString())
      .execute();
  }

  /** Stops timers and waits for running jobs, up to `deadlineMs`. */
  async stop(deadlineMs: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.race([Promise.allSettled(this.running.values()), sleep(deadlineMs)]);
  }
}
