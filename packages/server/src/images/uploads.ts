import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CommandContext, Params } from '../kernel/command.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { everyInterval } from '../kernel/periodic.ts';
import type { SettingDecl } from '../kernel/settings-store.ts';
import { registerImage } from './register.ts';
import { signTicket, uploadedFileName } from './upload-ticket.ts';

const GB = 1024 ** 3;

/**
 * getUploadParamsFor*: registers the image waiting for its file in the one zone named, and answers where and how the
 * browser posts it: `postURL` on this server (the address the caller used), and a signed ticket valid
 * `upload.operation.timeout` minutes. Hosts later fetch the file from this server's `/templates/<file>`.
 */
export async function requestUpload(ctx: CommandContext, p: Params, iso: boolean) {
  const origin = ctx.http.origin ?? '';
  const command = iso ? 'getUploadParamsForIso' : 'getUploadParamsForTemplate';
  const t = await registerImage(ctx, { displaytext: p.name, ...p }, iso, { command, urlOf: (id) => `${origin}/templates/${uploadedFileName(id, iso)}` });
  const timeoutMinutes = await ctx.settings.int('upload.operation.timeout');
  const maxBytes = (await ctx.settings.int('max.template.iso.size')) * GB;
  const zoneId = p.zoneid as string;
  const signed = signTicket({ id: t.id, zoneId, iso, expires: Date.now() + timeoutMinutes * 60_000, maxBytes });
  return { id: t.id, postURL: `${origin}/client/upload/${t.id}`, ...signed };
}

/**
 * Gives up uploads that did not complete within `upload.operation.timeout` of their parameters (never started, or
 * cut off with the server that received them): the image shows why instead of waiting forever.
 */
export async function expireUploads(db: Kysely<Database>, timeoutMinutes: number, now = Date.now()): Promise<number> {
  const before = new Date(now - timeoutMinutes * 60_000).toISOString();
  const r = await db
    .updateTable('template_zone')
    .set({ state: 'UploadError', status: `Upload abandoned: the file did not arrive within ${timeoutMinutes} minutes (upload.operation.timeout)` })
    .where('state', 'in', ['NotUploaded', 'Uploading'])
    .where('created', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function startUploadSweep(kernel: Kernel): () => Promise<void> {
  return everyInterval(kernel, { intervalSetting: 'upload.monitoring.interval', what: 'giving up expired image uploads', atStart: true }, async () => {
    const n = await expireUploads(kernel.db, await kernel.settings.int('upload.operation.timeout'));
    if (n > 0) kernel.log.warn({ images: n }, 'gave up image uploads that did not complete in time');
  });
}

export const uploadSettings: SettingDecl[] = [
  {
    name: 'max.template.iso.size',
    category: 'Storage',
    description: 'The largest template or ISO (GB) that may be uploaded from a browser',
    type: 'Integer',
    defaultValue: '50',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
  {
    name: 'upload.operation.timeout',
    category: 'Storage',
    description: 'Minutes within which an image upload must complete after getUploadParams; then it is given up',
    type: 'Integer',
    defaultValue: '60',
    scopes: [],
    isDynamic: true,
    min: 0,
  },
  {
    name: 'upload.monitoring.interval',
    category: 'Storage',
    description: 'Seconds between looks for image uploads that did not complete in time',
    type: 'Integer',
    defaultValue: '60',
    scopes: [],
    isDynamic: true,
    min: 1,
  },
];
