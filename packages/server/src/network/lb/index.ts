import type { CommandDecl } from '../../kernel/command.ts';

/** Load balancer rules of guest networks, with their stickiness and health check policies. */
export const loadBalancerCommands: CommandDecl[] = [];
