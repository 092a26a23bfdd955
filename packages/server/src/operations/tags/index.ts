import type { CommandDecl } from '../../kernel/command.ts';
import { createTags } from './commands/create-tags.ts';
import { deleteTags } from './commands/delete-tags.ts';
import { listTags } from './commands/list-tags.ts';

export { registerTaggable, type TaggableResolver, type TagOwner } from './registry.ts';
export { deleteTagsOf, tagFilter, tagsOf, type TagResponse } from './service.ts';

export const tagCommands: CommandDecl[] = [createTags, deleteTags, listTags];
