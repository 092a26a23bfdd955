import { z } from 'zod';

const size = z.number().int().nonnegative();

/**
 * Checks that a qcow2 file on primary storage can be streamed for a download (extractVolume, extractTemplate): a
 * volume by its path, or a pool's copy of a template (`template-<id>.qcow2`, made by the first ROOT disk cloned from it
 * there). Answers the path to open with a `file-open` stream, its format and virtual size. `sizeBytes` of a template is
 * what the server recorded for it, which a simulated host takes as its virtual size; a real host reads the file.
 */
export const PrepareDownload = z.object({
  kind: z.literal('PrepareDownload'),
  volumePath: z.string().min(1).optional(),
  template: z.object({ poolId: z.string().min(1), poolPath: z.string().min(1), templatePath: z.string().min(1), sizeBytes: size }).optional(),
});
export const PrepareDownloadAnswer = z.object({ path: z.string().min(1), virtualSizeBytes: size, format: z.string() });
