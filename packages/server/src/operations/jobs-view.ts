import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { formatDate } from '../kernel/serialize.ts';

/** An async job as `queryAsyncJobResult` and `listAsyncJobs` show it. */
export function jobResponse(job: Database['async_job'], names: { account?: string; domainPath?: string } = {}): ResponseObject {
  return {
    jobid: job.id,
    accountid: job.account_id,
    account: names.account,
    domainid: job.domain_id,
    domainpath: names.domainPath,
    userid: job.user_id,
    cmd: job.command,
    jobstatus: job.status,
    jobprocstatus: job.progress,
    jobresultcode: job.result_code,
    jobresulttype: job.status === 0 ? undefined : (job.result_type ?? 'object'),
    jobresult: job.result ? JSON.parse(job.result) : undefined,
    jobinstancetype: job.instance_type,
    jobinstanceid: job.instance_id,
    created: formatDate(job.created),
    completed: formatDate(job.completed),
    managementserverid: job.server_id,
  };
}
