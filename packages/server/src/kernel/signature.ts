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
type Encoder = (value: string) => string;

/**
 * Java's `URLEncoder` with `+` as `%20`: `encodeURIComponent` leaves `! ' ( ) ~` raw where Java encodes them, and
 * both leave `A-Za-z0-9 - _ . *` alone otherwise (`encodeURIComponent` also keeps `*`).
 */
const javaEncode: Encoder = (value) =>
  encodeURIComponent(value).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const encoders: Encoder[] = [
  javaEncode, // CloudStack itself
  (v) => javaEncode(v).replace(/%7E/g, '~'), // cs, ansible
  (v) => javaEncode(v).replace(/%7E/g, '~').replace(/%5B/g, '[').replace(/%5D/g, ']'), // libcloud
  (v) => javaEncode(v).replace(/%7E/g, '~').replace(/\*/g, '%2A'), // csclient
];

type Pair = [string, string];
const byName = (a: Pair, b: Pair) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const byLowerName = (a: Pair, b: Pair) => {
  const x = a[0].toLowerCase();
  const y = b[0].toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The distinct strings a client may have signed for these parameters, CloudStack's own form first. */
export function* signingCandidates(params: RawParams): Generator<string> {
  const pairs = params.filter(([name]) => name !== 'signature');
  const seen = new Set<string>();
  for (const sort of [byName, byLowerName]) {
    const sorted = [...pairs].sort(sort);
    for (const encode of encoders) {
      const candidate = sorted.map(([n, v]) => `${n}=${encode(v)}`).join('&').toLowerCase();
      if (!seen.has(candidate)) {
        seen.add(candidate);
        yield candidate;
      }
    }
  }
}

export function sign(canonical: string, secretKey: string): string {
  return createHmac('sha1', secretKey).update(canonical).digest('base64');
}

/**
 * Checks a received signature against each candidate form in turn, stopping at the first match: a request signed
 * the Java way costs one HMAC. Each comparison is constant-time.
 */
export function verifySignature(params: RawParams, signature: string, secretKey: string): boolean {
  const received = Buffer.from(signature, 'utf8');
  for (const candidate of signingCandidates(params)) {
    const expected = Buffer.from(sign(candidate, secretKey), 'utf8');
    if (expected.length === received.length && timingSafeEqual(expected, received)) return true;
  }
  return false;
}

/** The string CloudStack itself signs (Java's encoding, names sorted as sent). */
export function canonicalString(params: RawParams): string {
  return signingCandidates(params).next().value as string;
}

/** Signs a parameter set the way CloudStack's own tools do (Java form), for our CLI, tests and benchmarks. */
export function signParams(params: Record<string, string>, secretKey: string): string {
  return sign(canonicalString(Object.entries(params)), secretKey);
}
