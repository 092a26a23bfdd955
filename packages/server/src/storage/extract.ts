import { randomUUID } from 'node:crypto';
import type { CommandContext, ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { grantDownload, type DownloadGrant } from '../agents/index.ts';
import { zoneNames } from '../infrastructure/index.ts';
import type { DownloadSource } from './driver.ts';

/** `mode` of extractVolume/Template/Iso: CloudStack knows two; the FTP upload to a user's server is not offered. */
export function checkExtractMode(mode: string): void {
  if (mode === 'HTTP_DOWNLOAD') return;
  if (mode === 'FTP_UPLOAD') throw errors.paramError('Extract mode FTP_UPLOAD is not supported: use HTTP_DOWNLOAD and fetch the URL the job answers');
  throw errors.paramError('Please specify a valid extract Mode: HTTP_DOWNLOAD');
}

/**
 * A download URL for a file a host streams: `<origin>/client/download/<token>` on the management server the client
 * called (as createConsoleEndpoint's URL is), valid `extract.url.expiration.interval` seconds.
 */
export async function downloadUrl(ctx: CommandContext, source: DownloadSource, name: string, recheck?: DownloadGrant['recheck']): Promise<string> {
  const ttl = await ctx.settings.int('extract.url.expiration.interval');
  const { token } = grantDownload({ hostId: source.hostId, file: { path: source.path, virtualSizeBytes: source.virtualSizeBytes }, name, recheck }, ttl);
  return `${ctx.http.origin ?? ''}/client/download/${token}`;
}

/** CloudStack's ExtractResponse for HTTP_DOWNLOAD: the URL is ready when the job ends (nothing is staged). */
export async function extractResponse(ctx: CommandContext, o: { id: string; name: string; accountId: string; zoneId: string; url: string }): Promise<ResponseObject> {
  const zones = await zoneNames(ctx.db, [o.zoneId]);
  return {
    id: o.id,
    extractId: randomUUID(),
    name: o.name,
    accountid: o.accountId,
    created: formatDate(new Date()),
    extractMode: 'HTTP_DOWNLOAD',
    state: 'DOWNLOAD_URL_CREATED',
    uploadpercentage: 100,
    url: o.url,
    zoneid: o.zoneId,
    zonename: zones.get(o.zoneId),
  };
}
