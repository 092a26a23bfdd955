import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What admission gave this agent: the host it is, and the secret it proves that with. */
export interface AgentIdentity {
  hostId: string;
  secret: string;
  /** The management server's TLS certificate (PEM), the only one accepted once admitted. */
  certificate?: string;
}

const file = (stateDir: string) => join(stateDir, 'identity.json');

export function loadIdentity(stateDir: string): AgentIdentity | undefined {
  if (!existsSync(file(stateDir))) return undefined;
  const v = JSON.parse(readFileSync(file(stateDir), 'utf8')) as Partial<AgentIdentity>;
  return v.hostId && v.secret ? { hostId: v.hostId, secret: v.secret, certificate: v.certificate } : undefined;
}

/** Written atomically and readable by root only: the secret is the host's credential from now on. */
export function saveIdentity(stateDir: string, id: AgentIdentity): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const tmp = `${file(stateDir)}.tmp`;
  writeFileSync(tmp, JSON.stringify(id) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file(stateDir));
}

/** The server no longer knows this host: the agent goes back to waiting for addHost. */
export function forgetIdentity(stateDir: string): void {
  rmSync(file(stateDir), { force: true });
}
