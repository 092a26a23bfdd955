import { createHash } from 'node:crypto';
import type { GuestData } from '@nimbus/protocol';

// What the router's data service answers, as pure functions of the guest's data (undefined: no guest has the source
// address) and the request: CloudStack's virtual router protocol, as cloud-init and cloud-set-guest-password use it.

export interface Answer {
  status: number;
  body: string | Buffer;
}

const notFound: Answer = { status: 404, body: 'not found\n' };
const ok = (body: string | Buffer): Answer => ({ status: 200, body });

/** The meta-data key names a guest has, `public-keys` included (CloudStack lists it even when there are none). */
function keyNames(guest: GuestData): string[] {
  return [...Object.keys(guest.metaData).filter((k) => k !== 'public-keys'), 'public-keys'];
}

function metaValue(guest: GuestData, key: string): Answer {
  if (key === 'public-keys') return ok(guest.publicKeys.map((k) => `${k}\n`).join(''));
  const value = Object.hasOwn(guest.metaData, key) ? guest.metaData[key] : undefined;
  return value === undefined ? notFound : ok(value);
}

/** Port 80: `/latest/user-data`, `/latest/meta-data/[<key>]`, and the same keys directly under `/latest/`. */
export function metadataAnswer(guest: GuestData | undefined, method: string, url: string): Answer {
  if (method !== 'GET') return { status: 405, body: 'only GET\n' };
  if (!guest) return notFound;
  const path = url.split('?')[0]?.replace(/\/+$/, '') ?? '';
  if (path === '/latest/user-data') {
    return guest.userData === undefined ? notFound : ok(Buffer.from(guest.userData, 'base64'));
  }
  if (path === '/latest/meta-data' || path === '/latest') return ok(keyNames(guest).map((k) => `${k}\n`).join(''));
  const m = /^\/latest\/(?:meta-data\/)?([^/]+)$/.exec(path);
  return m?.[1] ? metaValue(guest, decodeURIComponent(m[1])) : notFound;
}

/** What is persisted once a guest acknowledged a password: its digest, so that a reset (another password) is sent
 *  again while the same one never is, and the password itself does not sit in the file twice. */
export function passwordDigest(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

export interface PasswordAnswer extends Answer {
  /** The digest to persist as saved, when the request acknowledged the password. */
  save?: string;
}

/** Port 8080: the `DomU_Request` header asks for the password or acknowledges it; `saved` is the persisted digest. */
export function passwordAnswer(guest: GuestData | undefined, request: string | undefined, saved: string | undefined): PasswordAnswer {
  const pending = guest?.password !== undefined && guest.password !== '' && passwordDigest(guest.password) !== saved ? guest.password : undefined;
  switch (request?.trim()) {
    case 'send_my_password':
      return ok(pending ?? 'saved_password');
    case 'saved_password':
      return pending === undefined ? ok('saved_password') : { ...ok('saved_password'), save: passwordDigest(pending) };
    default:
      // CloudStack's password server answers this with 200 too: guests look only at the body.
      return ok('bad_request');
  }
}
