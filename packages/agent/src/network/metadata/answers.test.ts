import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GuestData } from '@nimbus/protocol';
import { metadataAnswer, passwordAnswer, passwordDigest } from './answers.ts';

const guest: GuestData = {
  ip: '10.1.1.10',
  userData: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
  metaData: { 'instance-id': 'i-2-3-VM', 'local-ipv4': '10.1.1.10' },
  publicKeys: ['ssh-ed25519 AAAA one', 'ssh-rsa BBBB two'],
  password: 'Secr3t',
};
const text = (a: { body: string | Buffer }) => a.body.toString();

test('user data is the decoded bytes; none is a 404', () => {
  const a = metadataAnswer(guest, 'GET', '/latest/user-data');
  assert.equal(a.status, 200);
  assert.equal(text(a), '#!/bin/sh\necho hi\n');
  assert.equal(metadataAnswer({ ...guest, userData: undefined }, 'GET', '/latest/user-data').status, 404);
});

test('meta-data lists its keys with public-keys, and serves each under meta-data/ and directly under latest/', () => {
  assert.equal(text(metadataAnswer(guest, 'GET', '/latest/meta-data/')), 'instance-id\nlocal-ipv4\npublic-keys\n');
  assert.equal(text(metadataAnswer(guest, 'GET', '/latest/meta-data/local-ipv4')), '10.1.1.10');
  assert.equal(text(metadataAnswer(guest, 'GET', '/latest/local-ipv4')), '10.1.1.10');
  assert.equal(text(metadataAnswer(guest, 'GET', '/latest/meta-data/public-keys')), 'ssh-ed25519 AAAA one\nssh-rsa BBBB two\n');
  assert.equal(text(metadataAnswer(guest, 'GET', '/latest/public-keys')), 'ssh-ed25519 AAAA one\nssh-rsa BBBB two\n');
  assert.equal(metadataAnswer(guest, 'GET', '/latest/meta-data/nope').status, 404);
  assert.equal(metadataAnswer(guest, 'GET', '/latest/meta-data/constructor').status, 404, 'no inherited property');
  assert.equal(metadataAnswer(guest, 'GET', '/other').status, 404);
});

test('an unknown source gets 404 and anything but GET is refused', () => {
  assert.equal(metadataAnswer(undefined, 'GET', '/latest/user-data').status, 404);
  assert.equal(metadataAnswer(undefined, 'GET', '/latest/meta-data/').status, 404);
  assert.equal(metadataAnswer(guest, 'POST', '/latest/user-data').status, 405);
});

test('the password is sent until acknowledged, then saved_password; a reset is sent again', () => {
  assert.equal(text(passwordAnswer(guest, 'send_my_password', undefined)), 'Secr3t');
  const ack = passwordAnswer(guest, 'saved_password', undefined);
  assert.equal(text(ack), 'saved_password');
  assert.equal(ack.save, passwordDigest('Secr3t'));
  assert.equal(text(passwordAnswer(guest, 'send_my_password', ack.save)), 'saved_password');
  assert.equal(passwordAnswer(guest, 'saved_password', ack.save).save, undefined, 'nothing new to save');
  assert.equal(text(passwordAnswer({ ...guest, password: 'N3w' }, 'send_my_password', ack.save)), 'N3w');
});

test('no password, an unknown guest or an unknown request', () => {
  assert.equal(text(passwordAnswer({ ...guest, password: undefined }, 'send_my_password', undefined)), 'saved_password');
  assert.equal(text(passwordAnswer(undefined, 'send_my_password', undefined)), 'saved_password');
  assert.equal(text(passwordAnswer(guest, undefined, undefined)), 'bad_request');
  assert.equal(text(passwordAnswer(guest, 'give_me_everything', undefined)), 'bad_request');
});
