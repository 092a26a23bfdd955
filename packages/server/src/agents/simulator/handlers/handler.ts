import type { AgentCommandKind, CommandOfKind, Failure, ReplyOf } from '@nimbus/protocol';
import type { SimHost, SimulatorState } from '../model.ts';

/** How the simulated agent answers one kind of command on one host. */
export type Handler<K extends AgentCommandKind> = (sim: SimulatorState, host: SimHost, cmd: CommandOfKind<K>) => ReplyOf<CommandOfKind<K>>;

export function fail(error: string): Failure {
  return { ok: false, error };
}

/** Stable pseudo-random figures per guest, so stats look alive without a random source in tests. */
export function spread(seed: string, max: number): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) | 0;
  return Math.abs(h) % max;
}
