import { defineCommand, list } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';

/** Recorded outside any command declaration: by login and logout themselves. */
const sessionEvents = ['USER.LOGIN', 'USER.LOGOUT'];

export const listEventTypes = defineCommand({
  name: 'listEventTypes',
  description: 'List Event Types',
  access: access.all,
  params: {},
  response: { type: 'list', listKey: 'eventtype' },
  async handler(ctx) {
    const names = new Set(sessionEvents);
    for (const decl of ctx.registry.all()) if (decl.event) names.add(decl.event);
    const sorted = [...names].sort();
    return list(sorted.length, sorted.map((name) => ({ name })));
  },
});
