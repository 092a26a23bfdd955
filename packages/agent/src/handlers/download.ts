import { isAbsolute } from 'node:path';
import { guestUsingDisk } from '../hypervisor/kvm/guests.ts';
import { exists } from '../storage/files.ts';
import { imageInfo } from '../storage/qemu-img.ts';
import { cachedTemplatePath } from '../storage/template-cache.ts';
import type { AgentHandler } from './handler.ts';

/** Checks that a volume, or a pool's copy of a template, can be streamed for a download (extractVolume, extractTemplate). */
export const prepareDownload: AgentHandler<'PrepareDownload'> = async (ctx, { volumePath, template }) => {
  const path = volumePath ?? (template ? cachedTemplatePath(template.poolPath, template.templatePath) : undefined);
  if (!path) throw new Error('PrepareDownload names neither a volume nor a template');
  if (!isAbsolute(path)) throw new Error(`Cannot download ${path}: the path is not absolute`);
  if (!(await exists(path))) throw new Error(`Cannot download ${path}: no such file on primary storage`);
  const user = await guestUsingDisk(ctx, path);
  if (user) throw new Error(`Cannot download ${path}: running guest ${user} uses it (stop the guest or detach the volume first)`);
  const info = await imageInfo(path).catch((e: Error) => {
    throw new Error(`Cannot download ${path}: it is not a readable disk image: ${e.message}`);
  });
  return { path, virtualSizeBytes: info.virtualSize, format: info.format };
};
