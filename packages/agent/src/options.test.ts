import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAgentOptions } from './options.ts';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = parseAgentOptions(['--password', 'pw', ...argv], env);
  if (r === 'help') throw new Error('unexpected help');
  return r.config;
};

test('the guest interface comes from the flag or the environment, and is absent by default (VXLAN)', () => {
  assert.equal(parse([]).guestInterface, undefined);
  assert.equal(parse(['--guest-interface', 'eth1']).guestInterface, 'eth1');
  assert.equal(parse([], { NIMBUS_AGENT_GUEST_INTERFACE: 'bond0' }).guestInterface, 'bond0');
  assert.throws(() => parse(['--guest-interface', 'averylongname']), /--guest-interface: 'averylongname' is not an interface name/);
  assert.throws(() => parse(['--guest-interface', 'eth 1']), /--guest-interface/);
});

test('the public bridge and prefix are checked', () => {
  assert.equal(parse(['--prefix', 'ab']).publicBridge, 'abpub0');
  assert.throws(() => parse(['--prefix', 'Bad!']), /--prefix/);
  assert.throws(() => parse(['--public-bridge', 'x'.repeat(16)]), /--public-bridge/);
});
