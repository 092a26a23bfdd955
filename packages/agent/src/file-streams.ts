import { randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { wire } from '@nimbus/protocol';
import type { AgentContext } from './handlers/handler.ts';
import { guestUsingDisk } from './hypervisor/kvm/guests.ts';
import { convertToQcow2, imageInfo } from './storage/qemu-img.ts';

interface Open {
  reader?: ReadStream;
  /** A standalone copy made for the download (of a linked clone), removed when the stream ends. */
  copy?: string;
  /** Bytes sent and not yet acknowledged by the server. */
  inFlight: number;
  ended: boolean;
}

/**
 * File streams the server opened through this agent (downloads of volumes and templates): the file is read in chunks
 * sent as binary frames, at most `wire.FILE_WINDOW_BYTES` ahead of the server's acknowledgements. A linked clone is
 * first copied into a standalone qcow2 next to it, since its backing file means nothing to whoever downloads it.
 */
export class FileStreams {
  private readonly open = new Map<number, Open>();
  private readonly ctx: AgentContext;
  private readonly send: (frame: string | Buffer) => void;

  constructor(ctx: AgentContext, send: (frame: string | Buffer) => void) {
    this.ctx = ctx;
    this.send = send;
  }

  start(stream: number, path: string): void {
    const s: Open = { inFlight: 0, ended: false };
    this.open.set(stream, s);
    this.stream(stream, s, path).catch((e: Error) => this.end(stream, e.message));
  }

  ack(stream: number, bytes: number): void {
    const s = this.open.get(stream);
    if (!s) return;
    s.inFlight -= bytes;
    if (s.reader?.isPaused() && s.inFlight < wire.FILE_WINDOW_BYTES) s.reader.resume();
  }

  /** The server ended the stream (its client went away). */
  stop(stream: number): void {
    const s = this.open.get(stream);
    if (s) void this.release(stream, s);
  }

  /** The link to the server is gone: every stream with it. */
  stopAll(): void {
    for (const [stream, s] of this.open) void this.release(stream, s);
  }

  private async stream(stream: number, s: Open, requested: string): Promise<void> {
    const path = normalize(requested);
    if (!isAbsolute(path) || !path.endsWith('.qcow2')) throw new Error(`Cannot download ${requested}: only qcow2 files on primary storage are served`);
    const user = await guestUsingDisk(this.ctx, path);
    if (user) throw new Error(`Cannot download ${path}: running guest ${user} uses it`);
    const info = await imageInfo(path).catch((e: Error) => {
      throw new Error(`Cannot download ${path}: ${e.message}`);
    });
    let file = path;
    if (info.backingFile) {
      s.copy = `${path}.download-${randomBytes(4).toString('hex')}`;
      await convertToQcow2(path, s.copy);
      file = s.copy;
    }
    // The server gave up while the copy was made: nothing else removes it now.
    if (s.ended) return void (s.copy && (await rm(s.copy, { force: true })));
    const { size } = await stat(file);
    this.send(JSON.stringify({ type: 'file-info', stream, sizeBytes: size }));
    const reader = createReadStream(file, { highWaterMark: 256 * 1024 });
    s.reader = reader;
    reader.on('data', (chunk) => {
      const bytes = chunk as Buffer;
      s.inFlight += bytes.length;
      this.send(wire.streamFrame(stream, bytes));
      if (s.inFlight >= wire.FILE_WINDOW_BYTES) reader.pause();
    });
    reader.on('error', (e) => this.end(stream, `Reading ${path} failed: ${e.message}`));
    reader.on('end', () => this.end(stream));
  }

  /** Sends the end of a stream: complete without a reason, failed with one. */
  private end(stream: number, reason?: string): void {
    const s = this.open.get(stream);
    if (!s) return;
    if (reason) this.ctx.log.warn({ stream, reason }, 'file stream failed');
    this.send(JSON.stringify({ type: 'file-close', stream, reason }));
    void this.release(stream, s);
  }

  private async release(stream: number, s: Open): Promise<void> {
    this.open.delete(stream);
    s.ended = true;
    s.reader?.destroy();
    if (s.copy) await rm(s.copy, { force: true });
  }
}
