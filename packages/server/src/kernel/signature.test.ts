import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import type { RawParams } from './params.ts';
import { sign, signParams, canonicalString, signingCandidates, verifySignature } from './signature.ts';

const secret = 'VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ';
/** The expected signature, computed here from a canonical string written out by hand. */
const hmac = (canonical: string) => createHmac('sha1', secret).update(canonical).digest('base64');

describe('request signatures', () => {
  it('signs the sorted, encoded, lower-cased parameters with HMAC-SHA1 in Base64', () => {
    const params = { command: 'deployVirtualMachine', serviceOfferingId: '1', zoneId: '4', apiKey: 'miVr6X7u6bN_sdah' };
    const canonical = 'apikey=mivr6x7u6bn_sdah&command=deployvirtualmachine&serviceofferingid=1&zoneid=4';
    assert.equal(canonicalString(Object.entries(params)), canonical);
    assert.equal(sign(canonical, secret), hmac(canonical));
    assert.equal(signParams(params, secret), hmac(canonical));
  });

  it('encodes values as Java URLEncoder does, with spaces as %20 and multi-byte characters as UTF-8', () => {
    const [java] = signingCandidates([['name', 'a b/c+d=e&f~g*h.i-j_k'], ['Note', 'ü']]);
    // Names sort case-sensitively as sent (`Note` before `name`); the whole string is lower-cased afterwards.
    assert.equal(java, 'note=%c3%bc&name=a%20b%2fc%2bd%3de%26f%7eg*h.i-j_k');
  });

  it('leaves out the signature parameter itself', () => {
    const [c] = signingCandidates([['command', 'listZones'], ['signature', 'abc'], ['apiKey', 'k']]);
    assert.equal(c, 'apikey=k&command=listzones');
  });

  it('accepts the variants real clients sign: raw ~ (cs, ansible), %2A for * (csclient), raw brackets and case-insensitive name order (libcloud)', () => {
    const params: RawParams = [['apiKey', 'k'], ['command', 'createTags'], ['Zone', 'z'], ['value', 'a~b*c[d]']];
    const variants = [
      'apikey=k&command=createtags&value=a~b*c%5bd%5d&zone=z', // names sorted after lower-casing (libcloud's order)
      'zone=z&apikey=k&command=createtags&value=a~b*c%5bd%5d', // cs: names sorted as sent, ~ raw
      'zone=z&apikey=k&command=createtags&value=a~b%2ac%5bd%5d', // csclient: * as %2A
      'zone=z&apikey=k&command=createtags&value=a%7eb*c%5bd%5d', // CloudStack's own Java form
    ];
    for (const v of variants) assert.ok(verifySignature(params, hmac(v), secret), v);
    assert.ok(verifySignature(params, hmac('apikey=k&command=createtags&value=a~b*c[d]&zone=z'), secret), 'libcloud: that order, ~ [ ] raw');
  });

  it('refuses a wrong secret, a changed value, an added parameter and a garbled signature', () => {
    const params: RawParams = [['apiKey', 'k'], ['command', 'listZones'], ['response', 'json']];
    const good = signParams(Object.fromEntries(params), secret);
    assert.ok(verifySignature(params, good, secret));
    assert.ok(!verifySignature(params, good, `${secret}x`));
    assert.ok(!verifySignature([['apiKey', 'k'], ['command', 'listUsers'], ['response', 'json']], good, secret));
    assert.ok(!verifySignature([...params, ['listall', 'true']], good, secret));
    assert.ok(!verifySignature(params, good.slice(0, -2), secret));
    assert.ok(!verifySignature(params, '', secret));
  });

  it('signs values that differ only in case alike, as CloudStack does: the string is lower-cased as a whole', () => {
    const params: RawParams = [['apiKey', 'k'], ['name', 'Web']];
    assert.ok(verifySignature(params, hmac('apikey=k&name=web'), secret));
    assert.ok(verifySignature([['apiKey', 'k'], ['name', 'WEB']], hmac('apikey=k&name=web'), secret));
  });
});
