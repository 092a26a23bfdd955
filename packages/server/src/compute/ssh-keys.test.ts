import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { ApiError } from '../kernel/errors.ts';
import { fingerprintOf, generateRsaKey, parsePublicKey } from './ssh-keys.ts';

// An ed25519 public key and its fingerprint as `ssh-keygen -l -E md5 -f` prints it.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host';

describe('SSH keys', () => {
  it('generates an RSA pair whose public half matches the private one and parses back to the same fingerprint', () => {
    const k = generateRsaKey('web-key');
    assert.match(k.privateKey, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.match(k.publicKey, /^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ web-key$/);
    assert.match(k.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    assert.equal(parsePublicKey(k.publicKey).fingerprint, k.fingerprint);
    // The OpenSSH blob carries the same modulus as the private key.
    const priv = createPrivateKey(k.privateKey);
    const signature = sign('sha256', Buffer.from('hello'), priv);
    assert.ok(verify('sha256', Buffer.from('hello'), createPublicKey(priv), signature));
    const n = Buffer.from(createPublicKey(priv).export({ format: 'jwk' }).n as string, 'base64url');
    assert.ok(Buffer.from(k.publicKey.split(' ')[1], 'base64').includes(n));
  });

  it('computes the MD5 colon fingerprint of a known key', () => {
    const blob = Buffer.from(ED25519.split(' ')[1], 'base64');
    assert.equal(fingerprintOf(blob), '65:96:2d:fc:e8:d5:a9:11:64:0c:0f:ea:00:6e:5b:bd');
    assert.equal(parsePublicKey(ED25519).fingerprint, '65:96:2d:fc:e8:d5:a9:11:64:0c:0f:ea:00:6e:5b:bd');
    assert.equal(parsePublicKey(ED25519).publicKey, ED25519);
    assert.equal(fingerprintOf(Buffer.from('abc')), '90:01:50:98:3c:d2:4f:b0:d6:96:3f:7d:28:e1:7f:72');
  });

  it('refuses what is not an OpenSSH public key with a 431', () => {
    for (const bad of ['', 'ssh-rsa', 'not-a-type AAAA', 'ssh-rsa !!!', `ssh-rsa ${ED25519.split(' ')[1]}`]) {
      assert.throws(() => parsePublicKey(bad), (e: unknown) => e instanceof ApiError && e.errorcode === 431, bad);
    }
  });
});
