import { createConnection } from 'node:net';

export interface QmpCommand {
  execute: string;
  arguments?: Record<string, unknown>;
}

/**
 * Runs commands, one after the other, on a guest's QMP socket and resolves with their `return` values. Events are
 * skipped. `quit` closes the connection without a guaranteed answer, so a close right after it counts as success.
 */
export function qmp(socket: string, commands: QmpCommand[], timeoutMs = 5_000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(socket);
    const queue: QmpCommand[] = [{ execute: 'qmp_capabilities' }, ...commands];
    const results: unknown[] = [];
    let pending: QmpCommand | undefined;
    let buffer = '';
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      if (err) reject(err);
      else resolve(results);
    };
    const timer = setTimeout(() => finish(new Error(`QMP ${socket}: no answer to ${pending?.execute ?? 'the greeting'} within ${timeoutMs} ms`)), timeoutMs);
    const next = () => {
      pending = queue.shift();
      if (!pending) finish(null);
      else conn.write(`${JSON.stringify(pending)}\n`);
    };
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line || settled) continue;
        const msg = JSON.parse(line) as { QMP?: unknown; event?: string; return?: unknown; error?: { class: string; desc: string } };
        if (msg.event) continue;
        if (msg.QMP) {
          next();
          continue;
        }
        if (msg.error) {
          finish(new Error(`QMP ${pending?.execute} failed: ${msg.error.desc} (${msg.error.class})`));
          return;
        }
        if (pending && pending.execute !== 'qmp_capabilities') results.push(msg.return);
        next();
      }
    });
    conn.on('error', (e) => finish(new Error(`QMP ${socket}: ${e.message}`)));
    conn.on('close', () => {
      if (pending?.execute === 'quit' && queue.length === 0) finish(null);
      else finish(new Error(`QMP ${socket}: connection closed before ${pending?.execute ?? 'the greeting'} was answered`));
    });
  });
}
