import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, repoRoot } from './server.ts';

export interface Emulator {
  /** `http://127.0.0.1:<port>/client/api` */
  url: string;
  apiKey: string;
  secretKey: string;
  proc: ChildProcess;
  /** SIGTERM (the emulator removes its data), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/**
 * `bin/nimbus server --simulator` as a client developer starts it: fixed admin keys from the environment and
 * CloudStack's Sandbox-simulator zone built before it says it is running.
 */
export async function startEmulator(keys = { apiKey: 'emulator-test-api-key', secretKey: 'emulator-test-secret-key' }): Promise<Emulator> {
  const port = await freePort();
  const proc = spawn(`${repoRoot}/bin/nimbus`, ['server', '--simulator', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn'], {
    env: { ...process.env, NIMBUS_ADMIN_API_KEY: keys.apiKey, NIMBUS_ADMIN_SECRET_KEY: keys.secretKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = () => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited();
    clearTimeout(timer);
  };
  let out = '';
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s:\n${out}`)), 30_000);
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('emulator is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`emulator exited with ${code}:\n${out}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}/client/api`, ...keys, proc, stop };
}
