import { defineCommand, list } from '../../kernel/command.ts';
import { listParams, paging } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { configurationResponse, settingAllows, settingScopeParams, settingTarget } from '../configurations.ts';

const contains = (text: string, part: string) => text.toLowerCase().includes(part.toLowerCase());

export const listConfigurations = defineCommand({
  name: 'listConfigurations',
  description: 'Lists all configurations, with the values in force at the given scope',
  access: access.domainAdmins,
  params: {
    ...listParams,
    ...settingScopeParams('imagestoreuuid'),
    name: { type: 'string', description: 'Lists configurations whose name contains this text' },
    category: { type: 'string', description: 'Lists configurations of this category' },
  },
  response: { type: 'list', listKey: 'configuration' },
  async handler(ctx, p) {
    const target = await settingTarget(ctx, 'listConfigurations', p);
    const { limit, offset } = await paging(ctx, p);
    const name = p.name as string | undefined;
    const category = p.category as string | undefined;
    const keyword = p.keyword as string | undefined;
    const matching = [...ctx.settings.decls.values()]
      .filter((d) => settingAllows(d, target))
      .filter((d) => name === undefined || contains(d.name, name))
      .filter((d) => category === undefined || d.category.toLowerCase() === category.toLowerCase())
      .filter((d) => keyword === undefined || [d.name, d.category, d.description].some((t) => contains(t, keyword)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = matching.slice(offset, offset + limit);
    return list(matching.length, await Promise.all(page.map((d) => configurationResponse(ctx, d, target))));
  },
});
