import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiCaller, Body } from '../api-client.ts';
import { waitForJob } from './jobs.ts';

/** A server stand-in answering queryAsyncJobResult from a script of answers, the last one repeating. */
function scripted(answers: Body[]): ApiCaller & { calls: number } {
  const fake = {
    url: 'http://fake/client/api',
    calls: 0,
    call: async (command: string): Promise<Body> => {
      assert.equal(command, 'queryAsyncJobResult');
      return answers[Math.min(fake.calls++, answers.length - 1)];
    },
  };
  return fake;
}

test('waits through pending answers and returns the job result; one line at start and end off a terminal', async () => {
  const api = scripted([{ jobstatus: 0, jobprocstatus: 0 }, { jobstatus: 0, jobprocstatus: 50 }, { jobstatus: 1, jobresult: { account: { id: 'a' } } }]);
  let err = '';
  const result = await waitForJob(api, 'disableAccount', 'j1', 10, { write: (t) => (err += t), isTTY: false }, 5);
  assert.deepEqual(result, { account: { id: 'a' } });
  assert.equal(api.calls, 3);
  assert.equal(err, 'disableAccount: job j1 started\ndisableAccount: job j1 succeeded\n');
});

test('on a terminal the line is redrawn with the progress percent', async () => {
  let err = '';
  await waitForJob(scripted([{ jobstatus: 0, jobprocstatus: 25 }, { jobstatus: 1, jobresult: { success: true } }]), 'x', 'j', 10, { write: (t) => (err += t), isTTY: true }, 5);
  assert.equal(err, '\r\x1b[Kx: job j pending 25%\r\x1b[Kx: job j succeeded\n');
});

test('a failed job throws its errortext and code; a long one gives up after the timeout', async () => {
  const failed = scripted([{ jobstatus: 2, jobresult: { errorcode: 530, errortext: 'no capacity' } }]);
  await assert.rejects(waitForJob(failed, 'deployVirtualMachine', 'j', 10, { write: () => {}, isTTY: false }, 5), { message: 'deployVirtualMachine: no capacity (530)' });
  const stuck = scripted([{ jobstatus: 0 }]);
  await assert.rejects(waitForJob(stuck, 'x', 'j2', 0.05, { write: () => {}, isTTY: false }, 5), /job j2 still running after 0.05 s/);
});
