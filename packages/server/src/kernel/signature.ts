import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RawParams } from './params.ts';

/**
 * CloudStack's request signature: HMAC-SHA1 with the user's secret key over the parameters (all but `signature`),
 * each `name=encode(value)`, sorted, joined with `&`, lower-cased, then Base64.
 *
 * The server's canonical form is Java's `URLEncoder` with `+` turned into `%20` (`ApiServer.verifyRequest`). Real
 * clients sign a few variants of it (see shared/notes/clients.md): `~` left raw (all Python clients and csclient),
 * `*` as `%2A` (csclient), `[` `]` raw (libcloud), and names sorted after lower-casing (libcloud). We try the Java
 * form first, then each variant, because clients send a different string from the one they sign, so the raw query
 * cannot be verified directly.
 */
const JAVA_SAFE = /[A-Za-z0-9.\-*_]/;

type Encoder = (value: string) => string;

function encodeWith(extraSafe: string, starEncoded: boolean): Encoder {
  return (value) => {
    let out = '';
    for (const ch of value) {
      if (ch === '*' && starEncoded) out += '%2A';
      else if (JAVA_SAFE.test(ch) || extraSafe.includes(ch)) out += ch;
      else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  };
}

const encoders: Encoder[] = [
  encodeWith('', false), // Java URLEncoder (CloudStack itself)
  encodeWith('~', false), // cs, ansible
  encodeWith('~[]', false), // libcloud
  encodeWith('~', true), // csclient
];

type Sorter = (a: [string, string], b: [string, string]) => number;
const sorters: Sorter[] = [
  (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  (a, b) => {
    const x = a[0].toLowerCase();
    const y = b[0].toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  },
];

/** The distinct strings a client may have signed for these parameters. */
export function signingCandidates(params: RawParams): string[] {
  const pairs = params.filter(([name]) => name !== 'signature');
  const seen = new Set<string>();
  for (const sort of sorters) {
    const sorted = [...pairs].sort(sort);
    for (const encode of encoders) seen.add(sorted.map(([n, v]) => `${n}=${encode(v)}`).join('&').toLowerCase());
  }
  return [...seen];
}

export function sign(canonical: string, secretKey: string): string {
  return createHmac('sha1', secretKey).update(canonical).digest('base64');
}

/** Constant-time check of a received signature against every candidate form. */
export function verifySignature(params: RawParams, signature: string, secretKey: string): boolean {
  const received = Buffer.from(signature, 'utf8');
  let ok = false;
  for (const candidate of signingCandidates(params)) {
    const expected = Buffer.from(sign(candidate, secretKey), 'utf8');
    if (expected.length === received.length && timingSafeEqual(expected, received)) ok = true;
  }
  return ok;
}

/** Signs a parameter set the way CloudStack's own tools do (Java form), for our CLI, tests and benchmarks. */
export function signParams(params: Record<string, string>, secretKey: string): string {
  const pairs = Object.entries(params);
  return sign(signingCandidates(pairs)[0], secretKey);
}
