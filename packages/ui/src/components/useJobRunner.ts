import { App } from 'antd';
import { api } from '../api/api.ts';
import type { ApiObject, ApiParams } from '../api/client.ts';
import { callAsync } from '../api/jobs.ts';

export type JobRunner = (
  label: string,
  command: string,
  params: ApiParams,
  describe: (result: ApiObject) => string,
) => Promise<ApiObject | undefined>;

let jobCounter = 0;

// Runs an async command, showing its progress and then its result (or CloudStack's errortext) as a message.
export function useJobRunner(): JobRunner {
  const { message } = App.useApp();
  return async (label, command, params, describe) => {
    const key = `job-${++jobCounter}`;
    message.open({ key, type: 'loading', content: `${label}…`, duration: 0 });
    try {
      const result = await callAsync(api, command, params, {
        onProgress: (percent) => message.open({ key, type: 'loading', content: `${label}… ${percent}%`, duration: 0 }),
      });
      message.open({ key, type: 'success', content: describe(result), duration: 5 });
      return result;
    } catch (err) {
      message.open({ key, type: 'error', content: `${label}: ${(err as Error).message}`, duration: 10 });
      return undefined;
    }
  };
}
