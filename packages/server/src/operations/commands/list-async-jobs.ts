import { containsText } from '../../db/text.ts';
import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { listScope, scopeCondition } from '../../identity/index.ts';
import { displayPath } from '../../identity/responses.ts';
import { jobResponse } from '../jobs-view.ts';

export const listAsyncJobs = defineCommand({
  name: 'listAsyncJobs',
  description: 'Lists all pending asynchronous jobs for the account',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    startdate: { type: 'date', description: 'The start date of the async job (jobs created at or after it)' },
    managementserverid: { type: 'uuid', description: 'The id of the management server that runs the job' },
    resourceid: { type: 'uuid', description: 'The id of the resource the job works on' },
    resourcetype: { type: 'string', description: 'The type of the resource the job works on' },
  },
  response: { type: 'list', listKey: 'asyncjobs' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db
      .selectFrom('async_job')
      .leftJoin('account', 'account.id', 'async_job.account_id')
      .leftJoin('domain', 'domain.id', 'async_job.domain_id')
      .where(scopeCondition(scope, { account: 'async_job.account_id', domain: 'async_job.domain_id' }));
    if (p.startdate) q = q.where('async_job.created', '>=', (p.startdate as Date).toISOString());
    if (p.managementserverid) q = q.where('async_job.server_id', '=', p.managementserverid as string);
    if (p.resourceid) q = q.where('async_job.instance_id', '=', p.resourceid as string);
    if (p.resourcetype) q = q.where('async_job.instance_type', '=', p.resourcetype as string);
    if (p.keyword) q = q.where(containsText('async_job.command', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q
        .selectAll('async_job')
        .select(['account.name as accountName', 'domain.path as domainPath'])
        .orderBy('async_job.created', 'desc')
        .orderBy('async_job.id')
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return list(
      Number(count),
      rows.map((r) => jobResponse(r, { account: r.accountName ?? undefined, domainPath: r.domainPath ? displayPath(r.domainPath) : undefined })),
    );
  },
});
