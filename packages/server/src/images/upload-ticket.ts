import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `getUploadParamsFor*` allows: one upload of one image into one zone, until `expires`. It travels as the
 * `metadata` of the answer (base64url JSON) and comes back in the browser's `X-metadata` header, signed.
 */
export interface UploadTicket {
  id: string;
  zoneId: string;
  iso: boolean;
  /** Epoch milliseconds after which the upload is refused (and the image given up by the sweep). */
  expires: number;
  maxBytes: number;
}

/** The file an uploaded image is kept in, in `<data-dir>/templates`, served at `/templates/<file>`. */
export function uploadedFileName(id: string, iso: boolean): string {
  return `upload-${id}.${iso ? 'iso' : 'qcow2'}`;
}

let key: Buffer | undefined;
let store: string | undefined;

/**
 * The signing key, derived from the server's data key (`<data-dir>/data.key`), so that servers sharing one database
 * and that file accept each other's signatures, and a restart keeps issued parameters valid; and the directory
 * uploads are kept in.
 */
export function setUploadStore(dataDir: string): void {
  key = createHash('sha256').update('nimbus upload signature\0').update(readFileSync(join(dataDir, 'data.key'))).digest();
  store = join(dataDir, 'templates');
}

/**
 * Removes an uploaded image's file once the image has left the catalogue. Only the server that received it holds it;
 * there is nothing to remove elsewhere.
 */
export function removeUploadedFile(id: string, iso: boolean): void {
  if (store) rmSync(join(store, uploadedFileName(id, iso)), { force: true });
}

function mac(metadata: string, expires: string): Buffer {
  if (!key) throw new Error('the upload signing key is not set (the server sets it when it starts)');
  return createHmac('sha256', key).update(`${metadata}\n${expires}`).digest();
}

/** The `metadata`, `signature` and `expires` of a getuploadparams answer. */
export function signTicket(t: UploadTicket): { metadata: string; signature: string; expires: string } {
  const metadata = Buffer.from(JSON.stringify(t)).toString('base64url');
  const expires = new Date(t.expires).toISOString();
  return { metadata, signature: mac(metadata, expires).toString('base64'), expires };
}

/** Why an upload is refused before any byte is taken: an HTTP status and a sentence for the uploader. */
export class UploadRefused extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Checks the three headers CloudStack's UI sends (X-signature, X-metadata, X-expires) for the image `id`. */
export function verifyTicket(id: string, headers: Record<string, string | string[] | undefined>, now = Date.now()): UploadTicket {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const [signature, metadata, expires] = [header('x-signature'), header('x-metadata'), header('x-expires')];
  if (!signature || !metadata || !expires) {
    throw new UploadRefused(400, 'The upload needs the X-signature, X-metadata and X-expires headers from getUploadParamsForTemplate or getUploadParamsForIso');
  }
  const given = Buffer.from(signature, 'base64');
  const expected = mac(metadata, expires);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UploadRefused(403, 'The upload signature is not valid: use the signature, metadata and expires of getUploadParams unchanged');
  }
  const t = JSON.parse(Buffer.from(metadata, 'base64url').toString()) as UploadTicket;
  if (t.id !== id) throw new UploadRefused(403, `The upload parameters are for image ${t.id}, not ${id}`);
  if (now > t.expires) throw new UploadRefused(403, `The upload parameters expired at ${expires}: the image is given up; ask for new upload parameters`);
  return t;
}
