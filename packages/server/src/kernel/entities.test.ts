import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { defineCommand, success, type ParamDecl } from './command.ts';
import { checkEntityParams, registerEntity } from './entities.ts';
import { ApiError } from './errors.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const GONE = '00000000-0000-4000-8000-0000000000ff';
const db = {} as Kysely<Database>;
const queries: string[][] = [];
registerEntity('KernelTestThing', async (_db, ids) => {
  queries.push([...ids]);
  return ids.filter((id) => id === A || id === B);
});

const uuid = (entity?: string): ParamDecl => ({ type: 'uuid', description: 'x', entity });
const decl = defineCommand({
  name: 'doThing',
  description: 'test',
  access: ['Admin'],
  params: { id: uuid('KernelTestThing'), otherid: uuid('KernelTestThing'), ids: { type: 'list', of: 'uuid', description: 'x', entity: 'KernelTestThing' }, free: uuid() },
  response: { type: 'success' },
  handler: async () => success(),
});

test('known ids pass, with one lookup per entity for every param naming it', async () => {
  queries.length = 0;
  await checkEntityParams(db, decl, { id: A, otherid: B, ids: [A, B], free: GONE });
  assert.deepEqual(queries, [[A, B]]);
});

test('an unknown id is refused with CloudStack\'s text, naming the first param that holds one', async () => {
  await assert.rejects(checkEntityParams(db, decl, { id: A, ids: [B, GONE] }), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.errorcode, 431);
    assert.equal(e.cserrorcode, 4350);
    assert.equal(
      e.message,
      `Unable to execute API command dothing due to invalid value. Invalid parameter ids value=${GONE} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.`,
    );
    return true;
  });
});

test('no entity params given: no lookup at all', async () => {
  queries.length = 0;
  await checkEntityParams(db, decl, { free: GONE });
  assert.deepEqual(queries, []);
});

test('an entity registered twice, or declared without a lookup, is a programming error', async () => {
  assert.throws(() => registerEntity('KernelTestThing', async () => []), /registered twice/);
  const orphan = defineCommand({ ...decl, params: { id: uuid('NoSuchEntity') } });
  await assert.rejects(checkEntityParams(db, orphan, { id: A }), /declares entity NoSuchEntity, which no domain registered/);
});
