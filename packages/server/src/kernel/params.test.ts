import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCommand, success, type CommandDecl, type ParamDecl } from './command.ts';
import { ApiError } from './errors.ts';
import { coerceParams, parseBoolean, parseDate, rawValue, type RawParams } from './params.ts';

const command = (params: Record<string, ParamDecl>): CommandDecl =>
  defineCommand({ name: 'testCommand', description: 'test', access: [], params, response: { type: 'success' }, handler: async () => success() });

/** The 431 a coercion throws, so its text can be checked. */
function paramError(decl: CommandDecl, raw: RawParams): ApiError {
  try {
    coerceParams(decl, raw);
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    assert.equal(e.errorcode, 431);
    return e;
  }
  assert.fail(`expected a 431 for ${JSON.stringify(raw)}`);
}

describe('parseBoolean', () => {
  it('reads booleans as Java Boolean.valueOf does: only "true", in any case', () => {
    for (const v of ['true', 'True', 'TRUE', 'tRuE']) assert.equal(parseBoolean(v), true, v);
    for (const v of ['false', 'False', 'None', '1', 'yes', '', 'true ']) assert.equal(parseBoolean(v), false, v);
  });
});

describe('rawValue', () => {
  it('finds a parameter case-insensitively, the last occurrence winning', () => {
    const raw: RawParams = [['apiKey', 'a'], ['Name', 'x'], ['NAME', 'y']];
    assert.equal(rawValue(raw, 'apikey'), 'a');
    assert.equal(rawValue(raw, 'APIKEY'), 'a');
    assert.equal(rawValue(raw, 'name'), 'y');
    assert.equal(rawValue(raw, 'missing'), undefined);
  });
});

describe('coerceParams', () => {
  const decl = command({
    id: { type: 'uuid', description: 'id' },
    name: { type: 'string', description: 'name', required: true },
    page: { type: 'integer', description: 'page' },
    port: { type: 'short', description: 'port' },
    size: { type: 'long', description: 'size' },
    forced: { type: 'boolean', description: 'forced' },
    ids: { type: 'list', of: 'uuid', description: 'ids' },
    ports: { type: 'list', of: 'integer', description: 'ports' },
    names: { type: 'list', description: 'names' },
    details: { type: 'map', description: 'details' },
    when: { type: 'date', description: 'when' },
    short: { type: 'string', length: 5, description: 'short' },
  });
  const id = '0B5A8F4E-1C2D-4E3F-8A9B-0C1D2E3F4A5B';

  it('converts each type and lower-cases UUIDs', () => {
    const p = coerceParams(decl, [
      ['id', id],
      ['name', 'web server'],
      ['page', '2'],
      ['port', '-80'],
      ['size', '10737418240'],
      ['forced', 'True'],
      ['ids', `${id}, ${id.toLowerCase()}`],
      ['ports', '22,80,,443'],
      ['names', 'a,b'],
      ['when', '2026-11-24'],
    ]);
    assert.equal(p.id, id.toLowerCase());
    assert.equal(p.name, 'web server');
    assert.equal(p.page, 2);
    assert.equal(p.port, -80);
    assert.equal(p.size, 10737418240);
    assert.equal(p.forced, true);
    assert.deepEqual(p.ids, [id.toLowerCase(), id.toLowerCase()]);
    assert.deepEqual(p.ports, [22, 80, 443]);
    assert.deepEqual(p.names, ['a', 'b']);
    assert.deepEqual(p.when, new Date('2026-11-24T00:00:00Z'));
  });

  it('matches parameter names case-insensitively and ignores unknown ones', () => {
    const p = coerceParams(decl, [['NAME', 'x'], ['Page', '3'], ['somethingElse', 'y']]);
    assert.deepEqual(p, { name: 'x', page: 3 });
  });

  it('refuses a missing or empty required parameter, naming it', () => {
    assert.match(paramError(decl, []).message, /due to missing parameter name$/);
    assert.match(paramError(decl, [['name', '']]).message, /missing parameter name/);
    const withMap = command({ details: { type: 'map', required: true, description: 'd' } });
    assert.match(paramError(withMap, []).message, /missing parameter details/);
  });

  it('treats an empty optional value as absent', () => {
    assert.deepEqual(coerceParams(decl, [['name', 'x'], ['page', ''], ['id', '']]), { name: 'x' });
  });

  it('refuses malformed values with a 431 naming the parameter and the value', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['id', 'not-a-uuid', /Invalid parameter id value=not-a-uuid: not a valid UUID/],
      ['id', `${id}0`, /Invalid parameter id/],
      ['page', '1.5', /Invalid parameter page value=1.5: incorrect integer value format/],
      ['page', 'abc', /Invalid parameter page/],
      ['page', '2147483648', /out of range for integer/],
      ['port', '32768', /out of range for short/],
      ['size', '9007199254740993', /out of range for long/],
      ['ids', `${id},nope`, /Invalid parameter ids value=nope/],
      ['ports', '22,x', /Invalid parameter ports value=x/],
      ['when', '2026-02-30', /Invalid parameter when/],
      ['when', 'yesterday', /Invalid parameter when/],
      ['short', 'abcdef', /longer than 5 characters/],
    ];
    for (const [name, value, text] of cases) {
      assert.match(paramError(decl, [['name', 'x'], [name, value]]).message, text, `${name}=${value}`);
    }
  });

  it('accepts the integer limits themselves', () => {
    const p = coerceParams(decl, [['name', 'x'], ['page', '-2147483647'], ['port', '32767']]);
    assert.equal(p.page, -2147483647);
    assert.equal(p.port, 32767);
  });

  it('refuses control characters anywhere, also inside map values', () => {
    for (const bad of ['a\u0000b', 'line\nbreak', 'tab\there', '\u007f']) {
      assert.match(paramError(decl, [['name', bad]]).message, /control characters are not allowed/);
    }
    assert.match(paramError(decl, [['name', 'x'], ['details[0].key', 'a\rb']]).message, /details\.key/);
  });

  it('groups map parameters by index, in index order, whatever the name case', () => {
    const p = coerceParams(decl, [
      ['name', 'x'],
      ['details[1].key', 'b'],
      ['DETAILS[0].key', 'a'],
      ['details[1].value', '2'],
      ['details[0].value', '1'],
      ['details[10].key', 'c'],
    ]);
    assert.deepEqual(p.details, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c' }]);
  });
});

describe('parseDate', () => {
  it('reads a day, a day and time in UTC, and ISO 8601 with Z or an offset', () => {
    const cases: Array<[string, string]> = [
      ['2026-11-24', '2026-11-24T00:00:00.000Z'],
      ['2026-11-24 10:26:30', '2026-11-24T10:26:30.000Z'],
      ['2026-11-24T10:26:30', '2026-11-24T10:26:30.000Z'],
      ['2026-11-24T10:26:30+0000', '2026-11-24T10:26:30.000Z'],
      ['2026-11-24T10:26:30+0130', '2026-11-24T08:56:30.000Z'],
      ['2026-11-24T10:26:30-05:00', '2026-11-24T15:26:30.000Z'],
      ['2026-11-24T10:26:30.250Z', '2026-11-24T10:26:30.250Z'],
      ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ];
    for (const [text, iso] of cases) assert.equal(parseDate(text)?.toISOString(), iso, text);
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    for (const text of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-11-24T24:00:00Z', '2026-11-24T10:60:00Z', '2026-11-24T10:26:30+2400']) {
      assert.equal(parseDate(text), undefined, text);
    }
  });

  it('refuses other shapes', () => {
    for (const text of ['', '24/11/2026', '2026-11-24T10:26', '2026-1-2', 'now', '1764000000']) assert.equal(parseDate(text), undefined, text);
  });
});
