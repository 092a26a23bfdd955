/**
 * A valid, empty qcow2 image (version 3, 64 KiB clusters) of `virtualSizeBytes`: what a simulated host streams for a
 * download, so that `qemu-img info` and `qemu-img check` accept the file and report the volume's virtual size. Layout:
 * the header, the refcount table, one refcount block, then the L1 table (all zero: no cluster is allocated, the disk
 * reads as zeros).
 */
export function emptyQcow2(virtualSizeBytes: number): Buffer {
  const clusterBits = 16;
  const cluster = 2 ** clusterBits;
  // One L2 table maps cluster/8 clusters; one L1 entry per L2 table.
  const l1Size = Math.max(1, Math.ceil(virtualSizeBytes / (cluster * (cluster / 8))));
  const l1Clusters = Math.ceil((l1Size * 8) / cluster);
  const clusters = 3 + l1Clusters;
  // 16-bit refcounts: one block counts cluster/2 clusters, far more than this image has.
  if (clusters > cluster / 2) throw new Error(`A virtual size of ${virtualSizeBytes} bytes is beyond what the simulator's qcow2 writer lays out`);
  const image = Buffer.alloc(clusters * cluster);
  image.writeUInt32BE(0x514649fb, 0); // "QFI\xfb"
  image.writeUInt32BE(3, 4);
  image.writeUInt32BE(clusterBits, 20);
  image.writeBigUInt64BE(BigInt(virtualSizeBytes), 24);
  image.writeUInt32BE(l1Size, 36);
  image.writeBigUInt64BE(BigInt(3 * cluster), 40);
  image.writeBigUInt64BE(BigInt(cluster), 48);
  image.writeUInt32BE(1, 56);
  image.writeUInt32BE(4, 96); // refcount order: 16-bit refcounts
  image.writeUInt32BE(104, 100); // header length; the zero bytes after it end the (empty) header extensions
  image.writeBigUInt64BE(BigInt(2 * cluster), cluster);
  for (let c = 0; c < clusters; c++) image.writeUInt16BE(1, 2 * cluster + 2 * c);
  return image;
}
