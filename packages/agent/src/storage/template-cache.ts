import { createWriteStream } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { exists } from './files.ts';
import { imageInfo } from './qemu-img.ts';

/** Where a template is cached on a pool: one file per template, shared by every volume cloned from it. */
export function cachedTemplatePath(poolPath: string, templatePath: string): string {
  return join(poolPath, `template-${basename(templatePath)}.qcow2`);
}

/**
 * Returns the pool's copy of a template, fetching it from `url` (http, https or file) when the pool has none yet. The
 * download goes to a temporary file of its own that is renamed into place only once it is complete and checked, so
 * two first uses at once never clone a half-written template.
 */
export async function ensureTemplate(poolPath: string, templatePath: string, url: string | undefined): Promise<string> {
  const target = cachedTemplatePath(poolPath, templatePath);
  if (await exists(target)) return target;
  if (!url) throw new Error(`Template ${templatePath} is not on pool ${poolPath} and the command gives no URL to download it from`);
  const temp = `${target}.${process.pid}-${Math.random().toString(16).slice(2, 10)}.part`;
  try {
    await fetchTo(url, temp);
    const info = await imageInfo(temp).catch((e: Error) => {
      throw new Error(`Template ${templatePath} downloaded from ${url} is not a readable disk image: ${e.message}`);
    });
    if (info.format !== 'qcow2') throw new Error(`Template ${templatePath} downloaded from ${url} is a ${info.format} image, not qcow2`);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  return target;
}

const downloadTimeoutMs = 30 * 60_000;

async function fetchTo(url: string, file: string): Promise<void> {
  if (url.startsWith('file://')) {
    await copyFile(fileURLToPath(url), file).catch((e: Error) => {
      throw new Error(`Cannot copy template from ${url}: ${e.message}`);
    });
    return;
  }
  if (!/^https?:\/\//.test(url)) throw new Error(`Cannot download template from ${url}: only http, https and file URLs are supported`);
  // A stalled server must not hold the command (and the volume) forever; templates of a few GiB fit in this time.
  const signal = AbortSignal.timeout(downloadTimeoutMs);
  try {
    const res = await fetch(url, { signal });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    await pipeline(Readable.fromWeb(res.body), createWriteStream(file), { signal });
  } catch (e) {
    const err = e as Error;
    throw new Error(`Cannot download template from ${url}: ${err.cause instanceof Error ? err.cause.message : err.message}`);
  }
}
