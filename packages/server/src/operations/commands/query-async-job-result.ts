import { defineCommand } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { assertAccess } from '../../identity/index.ts';
import { jobResponse } from '../jobs-view.ts';

export const queryAsyncJobResult = defineCommand({
  name: 'queryAsyncJobResult',
  description: 'Retrieves the current status of an asynchronous job',
  access: access.all,
  params: {
    jobid: { type: 'uuid', entity: 'AsyncJob', required: true, description: 'The ID of the asynchronous job' },
  },
  response: { type: 'raw' },
  async handler(ctx, p) {
    const job = await ctx.db
      .selectFrom('async_job')
      .leftJoin('domain', 'domain.id', 'async_job.domain_id')
      .selectAll('async_job')
      .select('domain.path as domainPath')
      .where('async_job.id', '=', p.jobid as string)
      .executeTakeFirst();
    if (!job) throw errors.notFound('async job', p.jobid as string);
    assertAccess(ctx.caller, { accountId: job.account_id, domainPath: job.domainPath ?? '/' }, 'async job');
    return { kind: 'raw', body: jobResponse(job) };
  },
});
