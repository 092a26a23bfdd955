import type { AgentCommandKind } from '@nimbus/protocol';
import type { AgentHandler } from './handler.ts';

/** Commands KVM hosts do not carry out yet: the caller gets a failure that says so, never a pretend success. */
export function unsupported<K extends AgentCommandKind>(kind: K): AgentHandler<K> {
  return async () => {
    throw new Error(`${kind} is not supported on KVM hosts yet`);
  };
}
