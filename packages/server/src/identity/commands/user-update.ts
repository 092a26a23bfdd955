import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { RoleType, access } from '../../kernel/roles.ts';
import { assertUsernameFree, checkTimezone, endSessions } from '../accounts.ts';
import { dataKey } from '../data-key.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { loadUserResponses } from '../responses.ts';
import { findUserToManage } from '../users.ts';

/** CloudStack refuses a blank name where one is given (an empty value counts as not given). */
function nonBlank(field: string, label: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = (value as string).trim();
  if (trimmed === '') throw errors.invalidParam('updateUser', field, value as string, `${label} cannot be empty`);
  return trimmed;
}

export const updateUser = defineCommand({
  name: 'updateUser',
  description: 'Updates a user\'s names, email, timezone, password or API keys; a new password ends the user\'s sessions',
  access: access.all,
  event: 'USER.UPDATE',
  params: {
    id: { type: 'uuid', entity: 'User', required: true, description: 'ID of the user' },
    username: { type: 'string', description: 'New username, unique in the domain' },
    firstname: { type: 'string', description: 'New first name' },
    lastname: { type: 'string', description: 'New last name' },
    email: { type: 'string', description: 'New email' },
    timezone: { type: 'string', description: 'New timezone (IANA name)' },
    password: { type: 'string', description: 'New clear-text password' },
    currentpassword: { type: 'string', description: 'The current password; required unless the caller is a root or domain admin' },
    userapikey: { type: 'string', description: 'API key to set (with usersecretkey)' },
    usersecretkey: { type: 'string', description: 'Secret key to set (with userapikey)' },
  },
  response: { type: 'object', name: 'user' },
  async handler(ctx, p) {
    const { user, account } = await findUserToManage(ctx, p.id as string, 'update users of');
    const username = nonBlank('username', 'Username', p.username);
    const firstname = nonBlank('firstname', 'Firstname', p.firstname);
    const lastname = nonBlank('lastname', 'Lastname', p.lastname);
    checkTimezone('updateUser', p.timezone as string | undefined);
    const apiKey = p.userapikey as string | undefined;
    const secretKey = p.usersecretkey as string | undefined;
    if ((apiKey === undefined) !== (secretKey === undefined)) throw errors.paramError('Please provide a userApiKey/userSecretKey pair');
    const password = p.password as string | undefined;
    let passwordHash: string | undefined;
    if (password !== undefined) {
      if (password.trim() === '') throw errors.paramError('Password cannot be empty or blank.');
      // As in CloudStack, root and domain admins may set a password without knowing the current one.
      if (ctx.caller.roleType !== RoleType.Admin && ctx.caller.roleType !== RoleType.DomainAdmin) {
        const current = p.currentpassword as string | undefined;
        if (current === undefined) throw errors.paramError('To set a new password the current password must be provided.');
        if (!(await verifyPassword(current, user.password_hash))) throw errors.paramError('Current password is incorrect.');
      }
      passwordHash = await hashPassword(password);
    }
    const changes = {
      ...(username !== undefined && { username }),
      ...(firstname !== undefined && { firstname }),
      ...(lastname !== undefined && { lastname }),
      ...(p.email !== undefined && { email: p.email as string }),
      ...(p.timezone !== undefined && { timezone: p.timezone as string }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
      ...(apiKey !== undefined && { api_key: apiKey, secret_key: dataKey().seal(secretKey as string) }),
    };
    await ctx.db.transaction().execute(async (trx) => {
      if (username !== undefined && username.toLowerCase() !== user.username.toLowerCase()) {
        await assertUsernameFree(trx, account.domain_id, username);
      }
      if (apiKey !== undefined) {
        const owner = await trx.selectFrom('user').select('id').where('api_key', '=', apiKey).executeTakeFirst();
        if (owner && owner.id !== user.id) throw errors.paramError('The API key already exists in the system. Please provide a unique key.');
      }
      if (Object.keys(changes).length > 0) await trx.updateTable('user').set(changes).where('id', '=', user.id).execute();
    });
    // A new password is the usual answer to a leaked one: every session opened with the old one ends.
    if (passwordHash !== undefined) await endSessions(ctx, [user.id]);
    ctx.event = { ...ctx.event, resourceType: 'User', resourceId: user.id, description: `updated user ${username ?? user.username}` };
    const [response] = await loadUserResponses(ctx.db, [{ ...user, ...changes }]);
    return object(response);
  },
});
