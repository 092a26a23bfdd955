import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, ErrorCode, toApiError } from './errors.ts';

describe('toApiError', () => {
  it('keeps an ApiError as it is', () => {
    const e = new ApiError(ErrorCode.ResourceInUseError, 'busy');
    assert.equal(toApiError(e, 'r1'), e);
  });

  it('turns a unique-key violation from either engine into a 431', () => {
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']) {
      const e = toApiError(Object.assign(new Error('duplicate'), { code }), 'r1');
      assert.equal(e.errorcode, 431, code);
    }
  });

  it('hides anything else behind a 530 that names the request, not the cause', () => {
    const e = toApiError(new TypeError('secret internals'), 'req-42');
    assert.equal(e.errorcode, 530);
    assert.match(e.message, /req-42/);
    assert.doesNotMatch(e.message, /secret internals/);
  });
});
