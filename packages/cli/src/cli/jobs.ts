import { ApiCallError, type ApiCaller, type Body } from '../api-client.ts';

export interface Progress {
  write(text: string): void;
  /** Redrawing one line only makes sense on a terminal; elsewhere (logs, CI) one line at start and one at the end. */
  isTTY: boolean;
}

const STATUS = ['pending', 'succeeded', 'failed'];

function describe(command: string, jobid: string, r: Body): string {
  const status = STATUS[Number(r.jobstatus)] ?? `status ${String(r.jobstatus)}`;
  const pct = Number(r.jobprocstatus);
  return `${command}: job ${jobid} ${status}${r.jobstatus === 0 && pct > 0 ? ` ${pct}%` : ''}`;
}

/**
 * Polls queryAsyncJobResult until the job ends and returns its `jobresult`; a failed job is thrown with its
 * errortext, an unfinished one after `timeoutSeconds` with the way to look it up later.
 */
export async function waitForJob(api: ApiCaller, command: string, jobid: string, timeoutSeconds: number, progress: Progress, pollMs = 1000): Promise<Body> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let shown = '';
  // On a terminal the line is redrawn in place; the final error line replaces it rather than following it.
  const show = (line: string) => {
    if (line === shown) return;
    if (progress.isTTY) progress.write(`\r\x1b[K${line}`);
    shown = line;
  };
  const end = (line?: string) => {
    if (progress.isTTY) progress.write(line ? `\r\x1b[K${line}\n` : '\r\x1b[K');
    else if (line) progress.write(`${line}\n`);
  };
  if (!progress.isTTY) progress.write(`${command}: job ${jobid} started\n`);
  // Short jobs are common: the first polls come quickly, then settle at pollMs.
  let wait = Math.min(100, pollMs);
  for (;;) {
    const r = await api.call('queryAsyncJobResult', { jobid });
    if (r.jobstatus === 1) {
      end(describe(command, jobid, r));
      return (r.jobresult ?? {}) as Body;
    }
    if (r.jobstatus !== 0) {
      end();
      throw new ApiCallError(command, Number(r.jobresult?.errorcode ?? 530), String(r.jobresult?.errortext ?? 'the job failed without an error text'));
    }
    show(describe(command, jobid, r));
    if (Date.now() >= deadline) {
      end();
      throw new ApiCallError(command, 0, `job ${jobid} still running after ${timeoutSeconds} s (nimbus api queryAsyncJobResult jobid=${jobid})`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, pollMs);
  }
}
