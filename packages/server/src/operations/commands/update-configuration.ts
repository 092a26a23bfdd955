import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { configurationResponse, settingScopeParams, settingTarget } from '../configurations.ts';

const nameParam = { type: 'string', required: true, description: 'The name of the configuration' } as const;

export const updateConfiguration = defineCommand({
  name: 'updateConfiguration',
  description: 'Updates a configuration, globally or for one zone, cluster, storage pool, image store, domain or account',
  access: access.domainAdmins,
  params: {
    ...settingScopeParams('imagestoreuuid'),
    name: nameParam,
    value: { type: 'string', length: 4096, description: 'The value of the configuration' },
  },
  response: { type: 'object', name: 'configuration' },
  event: 'CONFIGURATION.VALUE.EDIT',
  async handler(ctx, p) {
    const name = p.name as string;
    const decl = ctx.settings.decl(name);
    if (p.value === undefined) throw errors.missingParam('updateConfiguration', 'value');
    const target = await settingTarget(ctx, 'updateConfiguration', p);
    await ctx.settings.set(name, target.scope, target.id, p.value as string);
    ctx.event.description = `Updated configuration ${name} at ${target.scope} scope${target.id ? ` ${target.id}` : ''}`;
    return object(await configurationResponse(ctx, decl, target));
  },
});

export const resetConfiguration = defineCommand({
  name: 'resetConfiguration',
  description: 'Resets a configuration to the value it inherits (the default, for a global value)',
  since: '4.16.0',
  access: access.domainAdmins,
  params: {
    ...settingScopeParams('imagestoreid'),
    name: nameParam,
  },
  response: { type: 'object', name: 'configuration' },
  event: 'CONFIGURATION.VALUE.EDIT',
  async handler(ctx, p) {
    const name = p.name as string;
    const decl = ctx.settings.decl(name);
    const target = await settingTarget(ctx, 'resetConfiguration', p);
    await ctx.settings.reset(name, target.scope, target.id);
    ctx.event.description = `Reset configuration ${name} at ${target.scope} scope${target.id ? ` ${target.id}` : ''}`;
    return object(await configurationResponse(ctx, decl, target));
  },
});
