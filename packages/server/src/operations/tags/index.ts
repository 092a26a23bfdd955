import type { CommandDecl } from '../../kernel/command.ts';
import { createTags } from './commands/create-tags.ts';
import { deleteTags } from './commands/delete-tags.ts';
import { listTags } from './commands/list-tags.ts';
import { registerAccountCleaner } from '../../identity/cleanup.ts';

export { registerTaggable, type TaggableResolver, type TagOwner } from './registry.ts';
export { deleteTagsOf, tagFilter, tagsOf, type TagResponse } from './service.ts';

/** An account being deleted loses the tags it put on anything. */
registerAccountCleaner('tags', async (db, accountId) => {
  await db.deleteFrom('resource_tag').where('account_id', '=', accountId).execute();
});

export const tagCommands: CommandDecl[] = [createTags, deleteTags, listTags];
