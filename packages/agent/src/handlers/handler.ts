import type { AgentCommandKind, AnswerOf, CommandOfKind } from '@nimbus/protocol';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config.ts';

/** What every handler may use: the agent's configuration and log. */
export interface AgentContext {
  config: AgentConfig;
  log: Logger;
  /** Reports how far the command being run has got (0-100): the server shows it in the command's job. */
  progress?: (percent: number) => void;
  /** How long the server waits for the command being run (ms): work that can be cancelled should end before. */
  timeoutMs?: number;
}

/** How the agent answers one kind of command; it throws an Error whose message tells the operator what went wrong. */
export type AgentHandler<K extends AgentCommandKind> = (ctx: AgentContext, cmd: CommandOfKind<K>) => Promise<Omit<AnswerOf<CommandOfKind<K>>, 'ok'>>;
