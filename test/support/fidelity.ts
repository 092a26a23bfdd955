import assert from 'node:assert/strict';
import { loadApiJson } from '../../scripts/api-compat.ts';

/**
 * Asserts that every field of a response object (one list item, or the object a command answers) is a field
 * CloudStack 4.22 answers for `command` (api.json's responseFields): clients and their users read these names, so
 * an invented or misspelt one is a compatibility bug. Nested objects (an account's `user[]`) are not checked.
 */
export function assertResponseFields(command: string, item: Record<string, unknown>): void {
  const cs = loadApiJson().commands[command];
  assert.ok(cs, `${command} is not a CloudStack command`);
  const unknown = Object.keys(item).filter((k) => !(k in cs.responseFields));
  assert.deepEqual(unknown, [], `${command} answers fields CloudStack does not have: ${unknown.join(', ')}`);
}

/**
 * Asserts a list body (inside `<command>response`) has CloudStack's shape: `{}` when empty, otherwise only `count`
 * and the command's list key (the cs client's paging takes the single non-count key), each item with known fields.
 */
export function assertListResponse(command: string, body: Record<string, unknown>): void {
  const cs = loadApiJson().commands[command];
  assert.ok(cs?.listKey, `${command} is not a CloudStack list command`);
  if (Object.keys(body).length === 0) return;
  assert.deepEqual(Object.keys(body).sort(), ['count', cs.listKey].sort(), `${command} list body keys`);
  assert.equal(typeof body.count, 'number', `${command} count`);
  const items = body[cs.listKey];
  assert.ok(Array.isArray(items), `${command} ${cs.listKey} is a list`);
  for (const item of items as Record<string, unknown>[]) assertResponseFields(command, item);
}
