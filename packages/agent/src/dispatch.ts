import { parseCommand, type AgentCommand, type AgentReply } from '@nimbus/protocol';
import type { AgentContext, AgentHandler } from './handlers/handler.ts';
import { handlers } from './handlers/index.ts';

/**
 * Runs one command from the server and always answers: the handler's answer, or a failure whose text says what
 * went wrong (a malformed command, an error of the handler, or the server's time-out running out).
 */
export async function execute(ctx: AgentContext, raw: unknown, timeoutMs: number, progress?: (percent: number) => void): Promise<AgentReply> {
  let cmd: AgentCommand;
  try {
    cmd = parseCommand(raw);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const handler = handlers[cmd.kind] as AgentHandler<AgentCommand['kind']>;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      handler({ ...ctx, progress, timeoutMs }, cmd as never),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${cmd.kind} did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    ctx.log.debug({ kind: cmd.kind, ms: Date.now() - started }, 'command done');
    return { ok: true, ...answer } as AgentReply;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    ctx.log.warn({ kind: cmd.kind, error }, 'command failed');
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}
