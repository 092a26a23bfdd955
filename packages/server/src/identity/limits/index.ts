import type { CommandDecl } from '../../kernel/command.ts';
import { listResourceLimits } from './commands/list-resource-limits.ts';
import { updateResourceCount } from './commands/update-resource-count.ts';
import { updateResourceLimit } from './commands/update-resource-limit.ts';

export { registerResourceCounter, type ResourceCounter } from './counts.ts';
export { releaseResources, reserveResources, type ResourceCounts } from './reserve.ts';
export { limitSettings, resourceTypes, type ResourceType } from './types.ts';

export const limitCommands: CommandDecl[] = [updateResourceLimit, listResourceLimits, updateResourceCount];
