import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOUDSTACK_VERSION, contentType, formatDate, prune, responseBody, serialize } from './serialize.ts';

describe('formatDate', () => {
  it('writes CloudStack\'s yyyy-MM-ddTHH:mm:ss+0000 in UTC, from a Date or ISO text', () => {
    assert.equal(formatDate(new Date('2026-11-24T10:26:30.999Z')), '2026-11-24T10:26:30+0000');
    assert.equal(formatDate('2026-11-24T11:26:30+01:00'), '2026-11-24T10:26:30+0000');
  });

  it('gives nothing for null, undefined and unreadable input', () => {
    assert.equal(formatDate(null), undefined);
    assert.equal(formatDate(undefined), undefined);
    assert.equal(formatDate('not a date'), undefined);
  });
});

describe('prune', () => {
  it('drops null and undefined fields at every depth, keeping false, 0 and empty strings', () => {
    const out = prune({ a: null, b: undefined, c: false, d: 0, e: '', f: { g: null, h: [{ i: null, j: 1 }] } });
    assert.deepEqual(out, { c: false, d: 0, e: '', f: { h: [{ j: 1 }] } });
  });
});

describe('responseBody', () => {
  const listDecl = { type: 'list', listKey: 'account' } as const;

  it('answers an empty list as {} and a list as { count, <listKey> } with count the total', () => {
    assert.deepEqual(responseBody(listDecl, { kind: 'list', count: 0, items: [] }), {});
    assert.deepEqual(responseBody(listDecl, { kind: 'list', count: 7, items: [{ id: 'a', x: null }] }), { count: 7, account: [{ id: 'a' }] });
  });

  it('wraps an object in its name, and success as { success: true }', () => {
    assert.deepEqual(responseBody({ type: 'object', name: 'domain' }, { kind: 'object', object: { id: 'd', path: undefined } }), { domain: { id: 'd' } });
    assert.deepEqual(responseBody({ type: 'success' }, { kind: 'success' }), { success: true });
    assert.deepEqual(responseBody({ type: 'success' }, { kind: 'success', displaytext: 'done' }), { success: true, displaytext: 'done' });
    assert.deepEqual(responseBody({ type: 'raw' }, { kind: 'raw', body: { jobid: 'j', id: null } }), { jobid: 'j' });
  });

  it('refuses a result of the wrong shape for the declaration', () => {
    assert.throws(() => responseBody({ type: 'success' }, { kind: 'list', count: 0, items: [] }));
    assert.throws(() => responseBody(listDecl, { kind: 'object', object: {} }));
  });
});

describe('serialize', () => {
  const body = { count: 2, account: [{ id: 'a', name: 'x<y & "z"', isdefault: true }, { id: 'b', user: [{ id: 'u' }] }] };

  it('writes JSON with one top-level key, the wrapper', () => {
    const text = serialize('json', 'listaccountsresponse', body);
    assert.deepEqual(JSON.parse(text), { listaccountsresponse: body });
    assert.equal(serialize('json', 'listaccountsresponse', {}), '{"listaccountsresponse":{}}');
  });

  it('writes XML with the version attribute, repeated elements for arrays, and escaped text', () => {
    const text = serialize('xml', 'listaccountsresponse', body);
    assert.equal(
      text,
      `<?xml version="1.0" encoding="UTF-8"?><listaccountsresponse cloud-stack-version="${CLOUDSTACK_VERSION}">` +
        '<count>2</count>' +
        '<account><id>a</id><name>x&lt;y &amp; &quot;z&quot;</name><isdefault>true</isdefault></account>' +
        '<account><id>b</id><user><id>u</id></user></account>' +
        '</listaccountsresponse>',
    );
    assert.match(serialize('xml', 'listzonesresponse', {}), /<listzonesresponse cloud-stack-version="[^"]+"><\/listzonesresponse>$/);
  });

  it('names the content types clients check', () => {
    assert.match(contentType('json'), /^application\/json/);
    assert.match(contentType('xml'), /^text\/xml/);
  });
});
