import { randomBytes } from 'node:crypto';
import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { dataKey } from '../data-key.ts';
import { findUserForAction } from '../users.ts';

function newKey(): string {
  // CloudStack keys are 86 characters of URL-safe Base64: 64 random bytes.
  return randomBytes(64).toString('base64url');
}

export const registerUserKeys = defineCommand({
  name: 'registerUserKeys',
  description: 'Generates a new API key and secret key for a user, replacing any previous pair',
  access: access.all,
  event: 'REGISTER.USER.KEY',
  params: { id: { type: 'uuid', entity: 'User', required: true, description: 'User id' } },
  response: { type: 'object', name: 'userkeys' },
  async handler(ctx, p) {
    const user = await findUserForAction(ctx, p.id as string);
    const apikey = newKey();
    const secretkey = newKey();
    await ctx.db.updateTable('user').set({ api_key: apikey, secret_key: dataKey().seal(secretkey) }).where('id', '=', user.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'User', resourceId: user.id, description: `registered new API keys for user ${user.username}` };
    return object({ apikey, secretkey });
  },
});

export const getUserKeys = defineCommand({
  name: 'getUserKeys',
  description: 'Returns the API key and secret key of a user: only to the user itself and to admins above it',
  access: access.all,
  params: { id: { type: 'uuid', entity: 'User', required: true, description: 'User id' } },
  response: { type: 'object', name: 'userkeys' },
  async handler(ctx, p) {
    const user = await findUserForAction(ctx, p.id as string);
    if (!user.api_key || !user.secret_key) throw errors.paramError(`User ${user.id} has no API keys; call registerUserKeys first`);
    return object({ apikey: user.api_key, secretkey: dataKey().open(user.secret_key) });
  },
});
