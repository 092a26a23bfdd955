import { createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { multipartBoundary, streamFilePart } from './multipart.ts';
import { setUploadStore, uploadedFileName, UploadRefused, verifyTicket, type UploadTicket } from './upload-ticket.ts';

const QCOW2_MAGIC = Buffer.from([0x51, 0x46, 0x49, 0xfb]);

/**
 * The management server's own upload endpoint (CloudStack's SSVM answers this POST; Nimbus has no SSVM):
 * `POST /client/upload/<image id>`, multipart/form-data with the file, and the headers of getUploadParams. The file
 * goes into `<data-dir>/templates`, whence `/templates/<file>` serves it to hosts like the built-in template.
 */
export function uploadRoutes(kernel: Kernel, dataDir: string) {
  setUploadStore(dataDir);
  const store = join(dataDir, 'templates');
  return async (scope: FastifyInstance) => {
    // The body is streamed to disk by the handler, never parsed into memory.
    scope.addContentTypeParser('multipart/form-data', (_req, payload, done) => done(null, payload));
    scope.post('/client/upload/:id', (req, reply) => receive(kernel, store, req, reply));
  };
}

async function receive(kernel: Kernel, store: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { id } = req.params as { id: string };
  let ticket: UploadTicket;
  try {
    ticket = verifyTicket(id, req.headers);
    const boundary = multipartBoundary(req.headers['content-type']);
    if (!boundary) throw new UploadRefused(400, 'The upload must be multipart/form-data with the file as a part');
    await claim(kernel.db, ticket);
  } catch (e) {
    if (!(e instanceof UploadRefused)) throw e;
    req.raw.resume();
    return reply.code(e.status).header('content-type', 'text/plain; charset=utf-8').send(`${e.message}\n`);
  }
  const boundary = multipartBoundary(req.headers['content-type']) as string;
  try {
    const size = await writeUpload(kernel, store, req, ticket, boundary);
    return reply.code(200).header('content-type', 'text/plain; charset=utf-8').send(`Upload complete: ${size} bytes\n`);
  } catch (e) {
    const why = (e as Error).message;
    kernel.log.warn({ imageId: id, why }, 'image upload failed');
    await record(kernel.db, ticket, { state: 'UploadError', status: `Upload failed: ${why}` });
    req.raw.resume();
    return reply.code(400).header('content-type', 'text/plain; charset=utf-8').send(`Upload failed: ${why}\n`);
  }
}

/** Takes the image's one upload: only a row still waiting (`NotUploaded`) becomes `Uploading`, so a second POST is refused. */
async function claim(db: Kysely<Database>, t: UploadTicket): Promise<void> {
  const r = await db
    .updateTable('template_zone')
    .set({ state: 'Uploading', status: '0% Uploaded', download_percent: 0 })
    .where('template_id', '=', t.id)
    .where('zone_id', '=', t.zoneId)
    .where('state', '=', 'NotUploaded')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return;
  const row = await db.selectFrom('template_zone').select(['state', 'status']).where('template_id', '=', t.id).where('zone_id', '=', t.zoneId).executeTakeFirst();
  if (!row) throw new UploadRefused(404, `Image ${t.id} is not waiting for an upload in this zone (was it deleted?)`);
  if (row.state === 'Uploading') throw new UploadRefused(409, `Image ${t.id} is being uploaded already`);
  if (row.state === 'Ready') throw new UploadRefused(409, `Image ${t.id} was uploaded already: an image takes one upload`);
  throw new UploadRefused(409, `Image ${t.id} cannot take an upload any more (${row.status})`);
}

function record(db: Kysely<Database>, t: UploadTicket, set: Partial<Database['template_zone']>) {
  return db.updateTable('template_zone').set(set).where('template_id', '=', t.id).where('zone_id', '=', t.zoneId).where('state', '=', 'Uploading').executeTakeFirst();
}

/** Streams the file into place, checking size, time and format; answers the size in bytes. */
async function writeUpload(kernel: Kernel, store: string, req: FastifyRequest, t: UploadTicket, boundary: string): Promise<number> {
  const total = Number(req.headers['content-length']) || 0;
  if (total > t.maxBytes + 64 * 1024) throw new Error(`the file is larger than the limit of ${t.maxBytes} bytes (max.template.iso.size)`);
  mkdirSync(store, { recursive: true });
  // A dot file: `/templates/<file>` never serves it while it is incomplete.
  const part = join(store, `.upload-${t.id}.part`);
  const out = createWriteStream(part);
  const body = req.body as NodeJS.ReadableStream & AsyncIterable<Buffer>;
  const deadline = setTimeout(() => req.raw.destroy(new Error(`the upload did not finish before the parameters expired at ${new Date(t.expires).toISOString()}`)), Math.max(0, t.expires - Date.now()));
  let bytes = 0;
  let head = Buffer.alloc(0);
  let shown = 0;
  try {
    await streamFilePart(body, boundary, async (chunk) => {
      bytes += chunk.length;
      if (bytes > t.maxBytes) throw new Error(`the file is larger than the limit of ${t.maxBytes} bytes (max.template.iso.size)`);
      if (head.length < 32) head = Buffer.concat([head, chunk.subarray(0, 32 - head.length)]);
      if (!out.write(chunk)) await once(out, 'drain');
      const percent = total ? Math.min(99, Math.floor((100 * bytes) / total)) : 0;
      if (percent > shown) {
        shown = percent;
        await record(kernel.db, t, { download_percent: percent, status: `${percent}% Uploaded` });
      }
    });
    out.end();
    await once(out, 'finish');
    const virtualSize = checkFormat(t, head, bytes);
    const file = join(store, uploadedFileName(t.id, t.iso));
    await rename(part, file);
    const done = await record(kernel.db, t, { state: 'Ready', download_percent: 100, status: 'Upload Complete', size: virtualSize, physical_size: bytes });
    if (Number(done.numUpdatedRows) !== 1) {
      await rm(file, { force: true });
      throw new Error('the image was deleted or given up while it was being uploaded');
    }
    return bytes;
  } finally {
    clearTimeout(deadline);
    out.destroy();
    await rm(part, { force: true });
  }
}

/** A template must be a qcow2 (its header gives the virtual size); an ISO is taken as it is. Answers the virtual size. */
function checkFormat(t: UploadTicket, head: Buffer, bytes: number): number {
  if (bytes === 0) throw new Error('the file is empty');
  if (t.iso) return bytes;
  if (head.length < 32 || !head.subarray(0, 4).equals(QCOW2_MAGIC)) {
    throw new Error('the file is not a qcow2 image (it does not start with the qcow2 magic "QFI\\xfb"); convert it with qemu-img convert -O qcow2');
  }
  return Number(head.readBigUInt64BE(24));
}
