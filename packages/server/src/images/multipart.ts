/**
 * Streams the first file part of a multipart/form-data body (RFC 7578) to `write`, never holding more than one chunk
 * and a delimiter's length in memory: uploads are images of many GiB. Other parts (form fields) are skipped. Throws
 * when the body ends before the file part does, which is what a connection closed half-way looks like.
 */
export async function streamFilePart(body: AsyncIterable<Buffer>, boundary: string, write: (chunk: Buffer) => Promise<void>): Promise<{ filename: string }> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter has no CRLF before it when the body starts with it: pretend one was there.
  let buf: Buffer = Buffer.from('\r\n');
  let headers: string | undefined;
  let skipping = false;
  let seenFirst = false;
  for await (const chunk of body) {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (headers === undefined) {
        const start = seenFirst ? 0 : buf.indexOf(delimiter);
        if (start < 0) break;
        const end = buf.indexOf('\r\n\r\n', start);
        if (end < 0) break;
        const block = buf.subarray(start + (seenFirst ? 0 : delimiter.length), end).toString('latin1');
        if (block.startsWith('--')) throw new Error('the form has no file part');
        seenFirst = true;
        headers = block;
        buf = buf.subarray(end + 4);
        skipping = !/filename="/i.test(headers);
      }
      const at = buf.indexOf(delimiter);
      if (at >= 0) {
        if (!skipping) {
          await write(buf.subarray(0, at));
          return { filename: /filename="([^"]*)"/i.exec(headers)?.[1] ?? '' };
        }
        // A form field ends: the next part's headers follow this delimiter.
        buf = buf.subarray(at + delimiter.length);
        headers = undefined;
        continue;
      }
      // Keep what could be the start of a delimiter split across chunks.
      const keep = Math.min(buf.length, delimiter.length - 1);
      if (!skipping) await write(buf.subarray(0, buf.length - keep));
      buf = buf.subarray(buf.length - keep);
      break;
    }
  }
  throw new Error(headers === undefined ? 'the body is not multipart/form-data with a file part' : 'the body ended before the end of the file (was the connection closed?)');
}

/** The boundary of a `multipart/form-data; boundary=...` content type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}
