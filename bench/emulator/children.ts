import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every process the benchmark starts, so a failure or Ctrl-C still stops each one by its pid. Output is kept (the
 * last 64 KiB) for error messages.
 */
export class Children {
  private readonly running = new Set<ChildProcess>();

  spawn(command: string, args: string[], options: SpawnOptions): { child: ChildProcess; output: () => string } {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer) => (out = (out + d.toString()).slice(-65536));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));
    return { child, output: () => out };
  }

  /** SIGTERM, then SIGKILL after 5 s: the emulator removes its database on SIGTERM. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((c) => this.stop(c)));
  }
}

/** Milliseconds from spawn to exit; throws with the output when the process fails. */
export async function timedRun(children: Children, command: string, args: string[], options: SpawnOptions): Promise<{ ms: number; output: string }> {
  const started = performance.now();
  const { child, output } = children.spawn(command, args, options);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const ms = performance.now() - started;
  await closed;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output()}`);
  return { ms, output: output() };
}
