import { run } from '../exec.ts';

/** What `qemu-img info` says about an image file. */
export interface ImageInfo {
  format: string;
  virtualSize: number;
  backingFile?: string;
}

/** Reads an image's format and virtual size; `-U` so that an image a running guest holds open can still be inspected. */
export async function imageInfo(path: string): Promise<ImageInfo> {
  const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', path]);
  const info = JSON.parse(stdout) as { format: string; 'virtual-size': number; 'backing-filename'?: string };
  return { format: info.format, virtualSize: info['virtual-size'], backingFile: info['backing-filename'] };
}

export async function createQcow2(path: string, sizeBytes: number): Promise<void> {
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', path, String(sizeBytes)]);
}

/** A copy-on-write clone: `backing` must be absolute, because qemu-img stores the path as written. */
export async function createLinkedClone(path: string, backing: string): Promise<void> {
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', backing, path]);
}

export async function resizeImage(path: string, sizeBytes: number, shrink: boolean): Promise<void> {
  await run('qemu-img', ['resize', '-q', ...(shrink ? ['--shrink'] : []), path, String(sizeBytes)]);
}

/** A standalone qcow2 copy of `source` (no backing file), so that the source can go without the copy. */
export async function convertToQcow2(source: string, path: string): Promise<void> {
  // A full copy of a disk of many GiB takes minutes: run's one-minute default would cut it short.
  await run('qemu-img', ['convert', '-U', '-q', '-O', 'qcow2', source, path], { timeoutMs: 30 * 60_000 });
}
