import assert from 'node:assert/strict';
import type { ApiClient, Body } from './client.ts';

export type P = Record<string, string | number | boolean>;

/** Runs an async command whose job must succeed; its job result. */
export async function job(client: ApiClient, command: string, params: P): Promise<Body> {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 1, `${command}: ${JSON.stringify(r.jobresult)}`);
  return r.jobresult as Body;
}

/** Runs an async command whose job must fail with `code` (and a matching text). */
export async function jobError(client: ApiClient, command: string, params: P, code: number, text?: RegExp): Promise<void> {
  const r = await client.job(command, params);
  assert.equal(r.jobstatus, 2, `${command} should fail: ${JSON.stringify(r.jobresult)}`);
  assert.equal(r.jobresult.errorcode, code, JSON.stringify(r.jobresult));
  if (text) assert.match(r.jobresult.errortext as string, text);
}

/** Calls a command that must be refused at once with HTTP status `code` (and a matching text). */
export async function expectError(client: ApiClient, command: string, params: P, code: number, text?: RegExp): Promise<void> {
  const r = await client.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)}: ${r.raw}`);
  if (text) assert.match(r.body.errortext as string, text);
}
