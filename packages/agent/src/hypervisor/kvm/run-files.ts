import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runDir, type AgentConfig } from '../../config.ts';

/** A guest's files in the run dir; they are all the agent knows about it, so that a restarted agent finds it again. */
export interface RunFiles {
  pid: string;
  qmp: string;
  vnc: string;
  log: string;
  json: string;
}

// Instance names become file names and a qemu `-name` value: keep them to what CloudStack generates (i-2-3-VM).
const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
const maxSocketPath = 107;

export function runFiles(config: AgentConfig, instanceName: string): RunFiles {
  if (!safeName.test(instanceName)) throw new Error(`Instance name ${JSON.stringify(instanceName)} is not usable as a file name (letters, digits, . _ - only)`);
  const base = join(runDir(config), instanceName);
  const files = { pid: `${base}.pid`, qmp: `${base}.qmp`, vnc: `${base}.vnc`, log: `${base}.log`, json: `${base}.json` };
  if (files.qmp.length > maxSocketPath || files.vnc.length > maxSocketPath) {
    throw new Error(`The run dir ${runDir(config)} is too deep for ${instanceName}'s QMP/VNC sockets (unix socket paths are limited to ${maxSocketPath} bytes)`);
  }
  return files;
}

/** Every instance that has a spec or a pid file in the run dir, running or not. */
export async function listInstances(config: AgentConfig): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(runDir(config));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const names = new Set<string>();
  for (const entry of entries) {
    const m = /^(.+)\.(json|pid)$/.exec(entry);
    if (m && safeName.test(m[1])) names.add(m[1]);
  }
  return [...names].sort();
}

export async function removeRunFiles(files: RunFiles): Promise<void> {
  await Promise.all(Object.values(files).map((f: string) => rm(f, { force: true })));
}
