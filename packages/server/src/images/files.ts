import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the images this server holds itself (`<data-dir>/templates`, where `npm start` puts the built-in guest
 * template) at `/templates/<file>`, for hosts to fetch on a template's first use. Names are plain file names only.
 */
export function templateFiles(dataDir: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { file } = req.params as { file: string };
    if (!/^[\w.-]+$/.test(file) || file.startsWith('.')) return reply.code(404).send('not found\n');
    const path = join(dataDir, 'templates', file);
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      return reply.code(404).send('not found\n');
    }
    return reply.header('content-type', 'application/octet-stream').header('content-length', size).send(createReadStream(path));
  };
}
