import assert from 'node:assert/strict';
import { test } from 'node:test';
import { multipartBoundary, streamFilePart } from './multipart.ts';

const boundary = '----WebKitFormBoundaryx7Yz';
const file = Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.from(`\r\n--${boundary.slice(0, 8)} not the end\r\n`), Buffer.alloc(300, 7)]);
const body = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`),
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tiny.qcow2"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  file,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

async function* chunks(b: Buffer, size: number) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function receive(b: Buffer, size: number) {
  const parts: Buffer[] = [];
  const { filename } = await streamFilePart(chunks(b, size), boundary, async (c) => {
    parts.push(Buffer.from(c));
  });
  return { filename, data: Buffer.concat(parts) };
}

test('streams the file part whatever the chunk boundaries, skipping form fields', async () => {
  for (const size of [1, 2, 3, 7, 16, 64, 4096]) {
    const { filename, data } = await receive(body, size);
    assert.equal(filename, 'tiny.qcow2');
    assert.deepEqual(data, file, `chunks of ${size}`);
  }
});

test('a body cut short or without a file part is an error', async () => {
  await assert.rejects(receive(body.subarray(0, body.length - 60), 5), /ended before the end of the file/);
  await assert.rejects(receive(Buffer.from('just bytes'), 5), /not multipart/);
});

test('reads the boundary of a multipart content type', () => {
  assert.equal(multipartBoundary(`multipart/form-data; boundary=${boundary}`), boundary);
  assert.equal(multipartBoundary('multipart/form-data; boundary="a b"'), 'a b');
  assert.equal(multipartBoundary('application/octet-stream'), undefined);
});
