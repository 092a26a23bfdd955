import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AgentTls {
  key: string;
  cert: string;
}

/**
 * The agent port's TLS identity: a self-signed certificate made once per data directory (with openssl: Node cannot
 * write certificates). Agents take it on trust when they are admitted and accept no other from then on.
 */
export function agentTls(dataDir: string): AgentTls {
  const dir = join(dataDir, 'agent-tls');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(key) || !existsSync(cert)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3650', '-subj', '/CN=nimbus-management-server', '-keyout', key, '-out', cert], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  const tls = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  new X509Certificate(tls.cert); // refuses a damaged file at start, not at the first agent's connection
  return tls;
}
