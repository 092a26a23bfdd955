import { mayCall } from '../../kernel/access.ts';
import { defineCommand, list, type CommandContext, type CommandDecl, type ResponseObject } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';

/** The commands the caller's role may call, as CloudStack's API discovery lists them. */
async function callableCommands(ctx: CommandContext): Promise<CommandDecl[]> {
  const out: CommandDecl[] = [];
  for (const decl of ctx.registry.all()) if (decl.public || (await mayCall(ctx.directory, ctx.caller, decl))) out.push(decl);
  return out;
}

/** The object a command answers with: its list key, object name, or nothing for success and raw answers. */
function responseName(decl: CommandDecl): string | undefined {
  if (decl.response.type === 'list') return decl.response.listKey;
  if (decl.response.type === 'object') return decl.response.name;
  return undefined;
}

function apiResponse(decl: CommandDecl, related: string[]): ResponseObject {
  return {
    name: decl.name,
    description: decl.description,
    since: decl.since,
    isasync: decl.async ?? false,
    related: related.length ? related.join(',') : undefined,
    type: responseName(decl),
    params: Object.entries(decl.params).map(([name, p]) => ({
      name,
      description: p.description,
      type: p.type,
      length: p.length ?? 255,
      required: p.required ?? false,
      since: p.since,
    })),
    // CloudStack describes each response field here; our declarations do not carry them yet.
    response: [],
  };
}

export const listApis = defineCommand({
  name: 'listApis',
  description: 'Lists all available APIs and their information, for the caller\'s role',
  since: '4.1.0',
  access: access.all,
  params: {
    name: { type: 'string', description: 'API name' },
  },
  response: { type: 'list', listKey: 'api' },
  async handler(ctx, p) {
    const callable = await callableCommands(ctx);
    // Related commands answer with the same object (CloudStack groups them by response class).
    const byResponse = new Map<string, string[]>();
    for (const decl of callable) {
      const key = responseName(decl);
      if (key) byResponse.set(key, [...(byResponse.get(key) ?? []), decl.name]);
    }
    const related = (decl: CommandDecl) => (byResponse.get(responseName(decl) ?? '') ?? []).filter((n) => n !== decl.name);
    if (p.name !== undefined) {
      const decl = callable.find((d) => d.name.toLowerCase() === (p.name as string).toLowerCase());
      if (!decl) throw errors.paramError('Api Discovery plugin was unable to find an api by that name or process any apis');
      return list(1, [apiResponse(decl, related(decl))]);
    }
    return list(callable.length, callable.map((d) => apiResponse(d, related(d))));
  },
});
