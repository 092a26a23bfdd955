import { createHash, generateKeyPairSync } from 'node:crypto';
import { errors } from '../kernel/errors.ts';

/** Key types an OpenSSH `authorized_keys` line may carry. */
const keyTypes = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/** CloudStack's fingerprint: MD5 of the key blob, hex pairs joined by colons (`ssh-keygen -E md5` without prefix). */
export function fingerprintOf(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

function sshString(data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/** An SSH mpint: big-endian, with a leading zero byte when the top bit is set so it stays positive. */
function mpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const trimmed = unsigned.subarray(i);
  return sshString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export interface ParsedPublicKey {
  /** Normalised `type base64` (the comment is kept when there is one). */
  publicKey: string;
  fingerprint: string;
}

/** Reads an OpenSSH public key line; a 431 naming `publickey` when it is not one. */
export function parsePublicKey(text: string): ParsedPublicKey {
  const parts = text.trim().split(/\s+/);
  const bad = (why: string) => errors.paramError(`Public key is invalid: ${why}`);
  if (parts.length < 2 || !keyTypes.has(parts[0])) throw bad('expected "<type> <base64> [comment]" with a known key type');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(parts[1])) throw bad('the key is not base64');
  const blob = Buffer.from(parts[1], 'base64');
  if (blob.length < 4) throw bad('the key is too short');
  const typeLen = blob.readUInt32BE(0);
  if (blob.length < 4 + typeLen || blob.subarray(4, 4 + typeLen).toString('latin1') !== parts[0]) {
    throw bad(`the key data does not start with its type ${parts[0]}`);
  }
  return { publicKey: parts.join(' '), fingerprint: fingerprintOf(blob) };
}

export interface GeneratedKey {
  publicKey: string;
  privateKey: string;
  fingerprint: string;
}

/** A fresh 2048-bit RSA key pair: the private key in PEM (PKCS#1, as CloudStack returns it), the public in OpenSSH form. */
export function generateRsaKey(comment: string): GeneratedKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    mpint(Buffer.from(jwk.e as string, 'base64url')),
    mpint(Buffer.from(jwk.n as string, 'base64url')),
  ]);
  return {
    publicKey: `ssh-rsa ${blob.toString('base64')} ${comment}`,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(blob),
  };
}
