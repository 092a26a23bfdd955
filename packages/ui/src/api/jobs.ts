import { ApiError, type ApiClient, type ApiObject, type ApiParams } from './client.ts';

export interface JobOptions {
  // jobprocstatus as CloudStack reports it (0-100 for the commands that report any).
  onProgress?: (percent: number) => void;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Polls queryAsyncJobResult until the job ends; its jobresult, or its errortext as an ApiError.
export async function waitForJob(client: ApiClient, jobid: string, options: JobOptions = {}): Promise<ApiObject> {
  const sleep = options.sleep ?? pause;
  for (;;) {
    const job = await client.call('queryAsyncJobResult', { jobid });
    if (job.jobstatus === 1) {
      options.onProgress?.(100);
      return (job.jobresult ?? {}) as ApiObject;
    }
    if (job.jobstatus === 2) {
      const result = (job.jobresult ?? {}) as ApiObject;
      throw new ApiError(String(result.errortext ?? `job ${jobid} failed`), Number(result.errorcode ?? 530));
    }
    options.onProgress?.(Number(job.jobprocstatus ?? 0));
    await sleep(options.intervalMs ?? 1000);
  }
}

// An async command from start to end: its job's result (e.g. { virtualmachine: {...} }).
export async function callAsync(
  client: ApiClient,
  command: string,
  params: ApiParams,
  options: JobOptions = {},
): Promise<ApiObject> {
  const started = await client.call(command, params);
  if (typeof started.jobid !== 'string') return started;
  return waitForJob(client, started.jobid, options);
}
