import { z } from 'zod';

/**
 * The frames of the agent WebSocket (server port 8250, TLS), as JSON text. The server speaks first with a challenge; the
 * agent proves who it is with an HMAC-SHA256 of the nonce: keyed with the password it was configured with until an
 * operator admits it with `addHost`, and with the secret the server issued at admission afterwards.
 */
export const Challenge = z.object({ type: z.literal('challenge'), nonce: z.string().min(16) });

export const Hello = z.object({
  type: z.literal('hello'),
  /** The host's name (its hostname unless configured). */
  name: z.string().min(1),
  /** The address the operator gives addHost (`url=http://<address>`). */
  address: z.string().min(1),
  hypervisor: z.literal('KVM'),
  version: z.string(),
  /** Set once admitted: the proof is then keyed with the issued secret. */
  hostId: z.string().optional(),
  /** Before admission: the user name the agent was configured with. */
  username: z.string().optional(),
  /** hex HMAC-SHA256(key, nonce). */
  proof: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Hello = z.infer<typeof Hello>;

/** Admitted: the server will send commands. */
export const Welcome = z.object({ type: z.literal('welcome'), hostId: z.string().min(1) });
/** Not admitted yet: the agent waits for addHost, connected. */
export const Pending = z.object({ type: z.literal('pending') });
/**
 * addHost admitted the agent: it keeps the secret (and proves itself with it from now on) and the server's TLS
 * certificate, the only one it accepts from then on.
 */
export const Admit = z.object({ type: z.literal('admit'), hostId: z.string().min(1), secret: z.string().min(32), certificate: z.string().min(1) });
/**
 * The server closes the connection after this; the agent says why in its log. `forget`: the server knows no such
 * host (deleted, or never admitted): the agent drops its identity and waits to be added again.
 */
export const Refused = z.object({ type: z.literal('refused'), reason: z.string(), forget: z.boolean().optional() });
/** A command with the id its answer carries; the agent gives up after `timeoutMs`. */
export const CommandFrame = z.object({ type: z.literal('command'), id: z.number().int(), timeoutMs: z.number().int().positive(), command: z.unknown() });
export const AnswerFrame = z.object({ type: z.literal('answer'), id: z.number().int(), reply: z.unknown() });
/** How far a long command (a migration, a template download) has got, 0-100, before its answer. */
export const ProgressFrame = z.object({ type: z.literal('progress'), id: z.number().int(), percent: z.number().min(0).max(100) });

/**
 * A console stream: the server asks the agent to connect stream `stream` to a guest's VNC socket. The bytes then
 * travel both ways as binary frames: a 4-byte big-endian stream id, then the payload. Either side ends it with
 * `console-close`.
 */
export const ConsoleOpen = z.object({ type: z.literal('console-open'), stream: z.number().int().positive(), instanceName: z.string().min(1) });
export const ConsoleClose = z.object({ type: z.literal('console-close'), stream: z.number().int().positive(), reason: z.string().optional() });

/**
 * A file stream (a download of a volume or template, `/client/download/<token>`): the server asks the agent to send
 * the file at `path` (as PrepareDownload answered it) as stream `stream`. The agent answers `file-info` with its size,
 * then binary frames (as a console's), then `file-close` without a reason once all is sent, or with one when it
 * failed. The server acknowledges the bytes it has passed on with `file-ack`; the agent keeps at most a window of
 * unacknowledged bytes in flight, so a slow client holds the agent back instead of filling the server's memory. The
 * server ends a stream early with `file-close`.
 */
export const FileOpen = z.object({ type: z.literal('file-open'), stream: z.number().int().positive(), path: z.string().min(1) });
export const FileInfo = z.object({ type: z.literal('file-info'), stream: z.number().int().positive(), sizeBytes: z.number().int().nonnegative() });
export const FileAck = z.object({ type: z.literal('file-ack'), stream: z.number().int().positive(), bytes: z.number().int().positive() });
export const FileClose = z.object({ type: z.literal('file-close'), stream: z.number().int().positive(), reason: z.string().optional() });
/** The most bytes of one file stream in flight before the server acknowledges them. */
export const FILE_WINDOW_BYTES = 4 * 1024 * 1024;

export const ServerFrame = z.discriminatedUnion('type', [Challenge, Welcome, Pending, Admit, Refused, CommandFrame, ConsoleOpen, ConsoleClose, FileOpen, FileAck, FileClose]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export const AgentFrame = z.discriminatedUnion('type', [Hello, AnswerFrame, ProgressFrame, ConsoleClose, FileInfo, FileClose]);
export type AgentFrame = z.infer<typeof AgentFrame>;

/** A binary frame of console or file stream `stream`. */
export function streamFrame(stream: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(stream);
  return Buffer.concat([header, payload]);
}

/** The stream id and payload of a binary frame. */
export function parseStreamFrame(frame: Uint8Array): { stream: number; payload: Buffer } {
  const b = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  return { stream: b.readUInt32BE(0), payload: b.subarray(4) };
}
